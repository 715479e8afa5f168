import SentryCore

#if canImport(Glibc)
import Glibc
#endif

/// Envelopes that could not be delivered, kept on disk and resent oldest-first.
///
/// One directory per DSN (mode 0700), one file per envelope (mode 0600, written to a temporary
/// name and renamed, so a crash never leaves half a file under a real name). Bounded by count and
/// bytes: the oldest files make room, counted as `cache_overflow`. A file that no longer parses
/// is removed, never trusted. Used from the transport's worker thread only.
final class DiskSpool {
    let directory: String
    private let maxEnvelopes: Int
    private let maxBytes: Int
    private let recorder: ClientReportRecorder
    private let diagnostics: Diagnostics
    private var sequence: UInt64 = 0

    /// Opens (creating) the spool directory; `nil` when it cannot be created or written.
    init?(directory: String, maxEnvelopes: Int, maxBytes: Int, recorder: ClientReportRecorder, diagnostics: Diagnostics) {
        self.directory = directory
        self.maxEnvelopes = max(1, maxEnvelopes)
        self.maxBytes = max(1024, maxBytes)
        self.recorder = recorder
        self.diagnostics = diagnostics
        guard CacheDirectory.create(directory) else {
            diagnostics.log(.warning, "disk spool disabled: cannot create \(directory) (errno \(errno))")
            return nil
        }
        guard access(directory, W_OK) == 0 else {
            diagnostics.log(.warning, "disk spool disabled: \(directory) is not writable")
            return nil
        }
    }

    /// Writes an envelope; returns `false` (and records `cache_overflow` if over the bounds) when it could not.
    @discardableResult
    func store(_ envelope: Envelope) -> Bool {
        var unsent = envelope
        unsent.header.sentAt = nil  // written at send time, never when persisting
        let bytes = unsent.serialize()
        guard bytes.count <= maxBytes else {
            recorder.discard(envelope, reason: .cacheOverflow)
            return false
        }
        makeRoom(for: bytes.count)
        sequence &+= 1
        let stamp = UInt64(SentryTimestamp.now().secondsSince1970 * 1_000_000)
        let name = "\(String(stamp).leftPadded(to: 20))-\(String(sequence).leftPadded(to: 8))-\(FastRandom.next() & 0xFFFFFF).envelope"
        let temporary = "\(directory)/.\(name).tmp"
        let final = "\(directory)/\(name)"
        guard Self.write(bytes, to: temporary), rename(temporary, final) == 0 else {
            unlink(temporary)
            diagnostics.log(.error, "disk spool: could not write \(final) (errno \(errno)); envelope dropped")
            recorder.discard(envelope, reason: .cacheOverflow)
            return false
        }
        return true
    }

    /// The oldest spooled envelope and its file, skipping (and deleting) unreadable ones.
    func oldest() -> (path: String, envelope: Envelope)? {
        for name in fileNames() {
            let path = "\(directory)/\(name)"
            guard let bytes = FileContents.read(path) else {
                unlink(path)
                continue
            }
            do {
                return (path, try Envelope.parse(bytes))
            } catch {
                diagnostics.log(.warning, "disk spool: removing corrupt \(name): \(error)")
                unlink(path)
            }
        }
        return nil
    }

    /// Deletes a spooled file once it was delivered (or finally dropped).
    func remove(_ path: String) { unlink(path) }

    /// How many envelopes wait on disk.
    var count: Int { fileNames().count }

    /// Envelope files, oldest first (names start with a zero-padded timestamp and sequence).
    private func fileNames() -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".envelope"), !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    private func makeRoom(for incoming: Int) {
        var names = fileNames()
        var sizes = names.map { Self.size(of: "\(directory)/\($0)") }
        var total = sizes.reduce(0, +)
        while !names.isEmpty, names.count >= maxEnvelopes || total + incoming > maxBytes {
            let path = "\(directory)/\(names.removeFirst())"
            total -= sizes.removeFirst()
            if let bytes = FileContents.read(path), let envelope = try? Envelope.parse(bytes) {
                recorder.discard(envelope, reason: .cacheOverflow)
            }
            unlink(path)
        }
    }


    private static func write(_ bytes: [UInt8], to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                return false  // a full disk (ENOSPC) or an I/O error
            }
            written += result
        }
        return fsync(descriptor) == 0 || errno == EINVAL
    }


    private static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
