internal import CSentry
import SentryCore
import Synchronization

/// Keeps the crash handler's prepared blobs current: the scope snapshot (when
/// ``ScopeHandle/changeCount`` moved) and the loaded images (when the dynamic linker's counters
/// moved), checked every ``CrashHandlerIntegration/refreshInterval`` on a background thread.
final class SnapshotRefresher: Sendable {
    private struct Seen {
        var scopeChanges: UInt64 = .max
        var images: [LoadedImage] = []
        var imagesKnown = false
    }

    private let options: Options
    private let symbolicator: any StackSymbolicator
    private let stopped = Atomic<Bool>(false)
    private let seen = Locked(Seen())

    init(options: Options, symbolicator: any StackSymbolicator) {
        self.options = options
        self.symbolicator = symbolicator
    }

    /// Serializes writers across refreshers (an old one may still be running while a restarted
    /// SDK's begins): the C blobs allow one writer at a time.
    private static let writer = Locked(())

    /// Re-serializes what changed.
    func refresh() {
        Self.writer.withLock { _ in
            guard !stopped.load(ordering: .relaxed) else { return }
            refreshLocked()
        }
    }

    private func refreshLocked() {
        seen.withLock { seen in
            let changes = ScopeHandle.changeCount
            if changes != seen.scopeChanges {
                seen.scopeChanges = changes
                let snapshot = ScopeSnapshot(options: options, scopes: Scopes.all)
                let bytes = snapshot.serialized(limit: Int(sentry_crash_blob_capacity()))
                Self.publish(bytes, slot: 0)
            }
            let images = symbolicator.loadedImages()
            if !seen.imagesKnown || images != seen.images {
                seen.images = images
                seen.imagesKnown = true
                var bytes = CrashReport.serializeImages(images)
                if bytes.count > Int(sentry_crash_blob_capacity()) {
                    bytes = CrashReport.serializeImages(Array(images.prefix(images.count / 2)))
                }
                Self.publish(bytes, slot: 1)
            }
        }
    }

    private static func publish(_ bytes: [UInt8], slot: Int32) {
        let copy = bytes + [0]  // never empty, so the pointer is never nil
        copy.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = sentry_crash_set_blob(slot, $0.baseAddress, bytes.count) }
        }
    }

    func start() {
        BackgroundThread.start(name: "sentry-crash") { [self] in
            while !stopped.load(ordering: .relaxed) {
                BackgroundThread.sleep(milliseconds: CrashHandlerIntegration.refreshInterval)
                if stopped.load(ordering: .relaxed) { break }
                refresh()
            }
        }
    }

    func stop() { stopped.store(true, ordering: .relaxed) }
}
