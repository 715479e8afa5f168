import SentryCore

#if canImport(Glibc)
import Glibc
#endif

/// Envelopes that could not be delivered, kept on disk and resent oldest-first.
///
/// One directory per DSN (mode 0700, owned by this user, writable by nobody else), one file per
/// envelope (mode 0600, written to a temporary name opened with `O_EXCL | O_NOFOLLOW` and
/// renamed, so a crash never leaves half a file under a real name). Several processes may share
/// the directory: a file is claimed (renamed to a name holding the claimer's pid) before it is
/// sent, so no two processes send the same file, and a claim or temporary file left by a process
/// that died is recovered at start. Bounded by count and bytes: the oldest files make room,
/// counted as `cache_overflow`. A file that no longer parses is removed, never trusted. Used from
/// the transport's worker thread only.
final class DiskSpool {
    /// A spooled envelope taken out of the shared directory while this process sends it.
    struct Claim {
        /// The name the file had, and gets back if the envelope must wait longer.
        let originalPath: String
        /// The name it has while claimed.
        let claimedPath: String
    }

    let directory: String
    private let maxEnvelopes: Int
    private let maxBytes: Int
    private let recorder: ClientReportRecorder
    private let diagnostics: Diagnostics
    private let pid = getpid()
    private var sequence: UInt64 = 0

    /// Opens (creating) the spool directory and recovers what dead processes left behind; `nil`
    /// when the directory cannot be used (with a diagnostic that says why).
    init?(directory: String, maxEnvelopes: Int, maxBytes: Int, recorder: ClientReportRecorder, diagnostics: Diagnostics) {
        self.directory = CacheDirectory.absolute(directory)
        self.maxEnvelopes = max(1, maxEnvelopes)
        self.maxBytes = max(1024, maxBytes)
        self.recorder = recorder
        self.diagnostics = diagnostics
        if let problem = CacheDirectory.problem(preparing: self.directory) {
            diagnostics.log(.warning, "disk spool disabled: \(problem)")
            return nil
        }
        recoverLeftovers()
    }

    /// Writes an envelope; `false` when it could not be kept (too large for the bounds, or the
    /// disk refused). The caller counts the drop: it knows why the envelope was not sent.
    @discardableResult
    func store(_ envelope: Envelope) -> Bool {
        var unsent = envelope
        unsent.header.sentAt = nil  // written at send time, never when persisting
        let bytes = unsent.serialize()
        guard bytes.count <= maxBytes else {
            diagnostics.log(.warning, "disk spool: a \(bytes.count)-byte envelope exceeds the spool's \(maxBytes) bytes")
            return false
        }
        makeRoom(for: bytes.count)
        sequence &+= 1
        let stamp = UInt64(max(0, SentryTimestamp.now().secondsSince1970) * 1_000_000)
        let name = "\(String(stamp).leftPadded(to: 20))-\(String(sequence).leftPadded(to: 8))-\(FastRandom.next() & 0xFFFFFF).envelope"
        let temporary = "\(directory)/.\(name).\(pid).tmp"
        let final = "\(directory)/\(name)"
        guard Self.write(bytes, to: temporary), rename(temporary, final) == 0 else {
            let code = errno
            unlink(temporary)
            diagnostics.log(.error, "disk spool: could not write \(final) (errno \(code))")
            return false
        }
        return true
    }

    /// Claims the oldest spooled envelope, skipping (and deleting) unreadable ones and files
    /// another process claimed first.
    func claimOldest() -> (claim: Claim, envelope: Envelope)? {
        for name in fileNames() {
            let claim = Claim(originalPath: "\(directory)/\(name)", claimedPath: "\(directory)/\(name).\(pid).claimed")
            // Known as live before the name exists, so another spool of this process never recovers it.
            Self.liveClaims.withLock { _ = $0.insert(claim.claimedPath) }
            guard rename(claim.originalPath, claim.claimedPath) == 0 else {  // taken by another process
                Self.liveClaims.withLock { _ = $0.remove(claim.claimedPath) }
                continue
            }
            guard let bytes = FileContents.read(claim.claimedPath, followLinks: false) else {
                remove(claim)
                continue
            }
            do {
                return (claim, try Envelope.parse(bytes))
            } catch {
                diagnostics.log(.warning, "disk spool: removing corrupt \(name): \(error)")
                remove(claim)
            }
        }
        return nil
    }

    /// Puts a claimed envelope back under its name: it waits for a later attempt.
    func release(_ claim: Claim) {
        if rename(claim.claimedPath, claim.originalPath) != 0 { unlink(claim.claimedPath) }
        Self.liveClaims.withLock { _ = $0.remove(claim.claimedPath) }
    }

    /// Deletes a claimed envelope once it was delivered (or finally dropped).
    func remove(_ claim: Claim) {
        unlink(claim.claimedPath)
        Self.liveClaims.withLock { _ = $0.remove(claim.claimedPath) }
    }

    /// The claims held by the spools of this process (several transports may share a directory):
    /// recovery leaves them alone, while a claim in this process's name that none holds is a
    /// closed spool's, or a dead process's whose pid was reused.
    private static let liveClaims = Locked<Set<String>>([])

    /// How many envelopes wait on disk, unclaimed.
    var count: Int { fileNames().count }

    /// Envelope files, oldest first (names start with a zero-padded timestamp and sequence).
    private func fileNames() -> [String] {
        entries().filter { $0.hasSuffix(".envelope") && !$0.hasPrefix(".") }.sorted()
    }

    private func entries() -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Gives back the claims of processes that died while sending, and deletes the temporary
    /// files of writes they never finished. Files of live processes (sharing the spool) stay.
    private func recoverLeftovers() {
        for name in entries() {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            if name.hasSuffix(".claimed"), parts.count >= 4, let owner = Int32(parts[parts.count - 2]), !isAlive(owner),
                !Self.liveClaims.withLock({ $0.contains("\(directory)/\(name)") })
            {
                let original = parts.dropLast(2).joined(separator: ".")
                if rename("\(directory)/\(name)", "\(directory)/\(original)") != 0 { unlink("\(directory)/\(name)") }
            } else if name.hasPrefix("."), name.hasSuffix(".tmp"), !(Int32(parts[parts.count - 2]).map(isAlive) ?? false) {
                unlink("\(directory)/\(name)")  // a dead writer's, or an older version's without a pid
            }
        }
    }

    /// Whether `owner` is a running process other than this one (a file named with this
    /// process's own pid before it wrote anything is a dead process's whose pid was reused).
    private func isAlive(_ owner: Int32) -> Bool {
        owner != pid && owner > 0 && (kill(owner, 0) == 0 || errno == EPERM)
    }

    private func makeRoom(for incoming: Int) {
        var names = fileNames()
        var sizes = names.map { Self.size(of: "\(directory)/\($0)") }
        var total = sizes.reduce(0, +)
        while !names.isEmpty, names.count >= maxEnvelopes || total + incoming > maxBytes {
            let path = "\(directory)/\(names.removeFirst())"
            total -= sizes.removeFirst()
            let evicted = "\(path).\(pid).claimed"
            guard rename(path, evicted) == 0 else { continue }  // another process took it
            if let bytes = FileContents.read(evicted, followLinks: false), let envelope = try? Envelope.parse(bytes) {
                recorder.discard(envelope, reason: .cacheOverflow)
            }
            unlink(evicted)
        }
    }

    private static func write(_ bytes: [UInt8], to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
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
        return lstat(path, &info) == 0 ? Int(info.st_size) : 0
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
