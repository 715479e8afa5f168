import Glibc

/// Writes received envelopes into a directory, one file each, named so they sort by arrival.
struct EnvelopeFileStore: Sendable {
    /// The directory the files go into.
    let directory: String

    /// Prepares `directory`, creating it (and missing parents) when needed: directories it creates are
    /// `0700` and the files it writes `0600`, since envelopes carry whatever the app sent (user data,
    /// request bodies, tokens a scrubber missed).
    init(directory: String) throws(InboxError) {
        let trimmed = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard !trimmed.isEmpty else { throw .invalidConfiguration("empty storage directory") }
        var path = trimmed.hasPrefix("/") ? "" : "."
        for component in trimmed.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw .storageDirectory(path: path, errno: errno)
            }
        }
        var info = stat()
        guard stat(trimmed, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw .invalidConfiguration("\(trimmed) is not a directory")
        }
        self.directory = trimmed
    }

    /// Writes `bytes` as `<sequence>-<millis>-<eventId>.envelope` (via a temporary file and a rename, so
    /// watchers never see half a file). Returns the path, or `nil` when writing failed.
    func write(_ bytes: [UInt8], sequence: Int, eventId: String?) -> String? {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let millis = now.tv_sec * 1000 + now.tv_nsec / 1_000_000
        let number = String(sequence)
        let name = String(repeating: "0", count: max(0, 6 - number.count)) + number
            + "-\(millis)-\(eventId ?? "no-event-id").envelope"
        let path = directory + "/" + name
        let temporary = directory + "/." + name + ".partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return nil }
        var offset = 0
        // Also when a stale temporary file of another mode was there.
        var failed = fchmod(descriptor, 0o600) != 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                failed = true
                break
            }
            offset += written
        }
        if close(descriptor) != 0 { failed = true }
        guard !failed, rename(temporary, path) == 0 else {
            unlink(temporary)
            return nil
        }
        return path
    }
}
