#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads small files whole without Foundation (spool files, crash reports, /proc entries).
package enum FileContents {
    /// The first `limit` bytes of the file at `path`; `nil` when it cannot be opened or read.
    /// With `followLinks: false` a symbolic link is refused (for files the SDK wrote itself).
    package static func read(_ path: String, limit: Int = 64 * 1024 * 1024, followLinks: Bool = true) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW))
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { raw in
                #if canImport(Glibc)
                Glibc.read(descriptor, raw.baseAddress, min(raw.count, limit - bytes.count))
                #else
                Darwin.read(descriptor, raw.baseAddress, min(raw.count, limit - bytes.count))
                #endif
            }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// The file at `path` as UTF-8 text (invalid bytes replaced), at most `limit` bytes.
    package static func text(_ path: String, limit: Int = 1024 * 1024) -> String? {
        read(path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }
}
