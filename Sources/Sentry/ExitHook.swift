import SentryCore
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Flushes and closes the SDK when the process exits normally (`exit()` or returning from
/// `main`), so envelopes still queued in memory are delivered or spooled, not dropped.
enum ExitHook {
    private static let registered = Atomic<Bool>(false)

    /// Registers the hook once per process.
    static func registerOnce() {
        guard registered.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        atexit {
            SentrySDK.close(timeout: SentrySDK.options?.shutdownTimeout ?? .seconds(2))
        }
    }
}
