#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the SDK keeps files between runs (the envelope spool, crash reports): one folder per DSN.
package enum CacheDirectory {
    /// `options.cacheDirectoryPath`, else `$XDG_CACHE_HOME/sentry-swift/<DSN hash>`, else
    /// `~/.cache/sentry-swift/<DSN hash>`; `nil` when none can be named.
    /// A relative `cacheDirectoryPath` is resolved against the working directory at start.
    package static func path(options: Options, environment: [String: String]) -> String? {
        if let path = options.cacheDirectoryPath, !path.isEmpty { return absolute(path) }
        let base: String
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            base = cache
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            base = home + "/.cache"
        } else {
            return nil
        }
        let key = (try? options.parsedDsn())??.description ?? "default"
        return "\(base)/sentry-swift/\(stableHash(key))"
    }

    /// Creates `path` and its parents (mode 0700); `true` when it is ready for use (see ``problem(preparing:)``).
    @discardableResult
    package static func create(_ path: String) -> Bool { problem(preparing: path) == nil }

    /// Creates `path` and its parents (mode 0700) and checks that only this user can change what
    /// is in it: a real directory (not a symbolic link), owned by the effective user, writable by
    /// nobody else. `nil` when it is ready; otherwise a sentence that says what is wrong.
    package static func problem(preparing path: String) -> String? {
        let path = absolute(path)
        var built = ""
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o700) != 0, errno != EEXIST { return "cannot create \(built) (errno \(errno))" }
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { return "cannot inspect \(path) (errno \(errno))" }
        guard info.st_mode & S_IFMT == S_IFDIR else { return "\(path) is not a directory (a symbolic link is not trusted)" }
        guard info.st_uid == geteuid() else { return "\(path) belongs to user \(info.st_uid), not to this process's user \(geteuid())" }
        guard info.st_mode & 0o022 == 0 else {
            return "\(path) can be written by other users (mode \(String(info.st_mode & 0o777, radix: 8))); use a directory only this user can write"
        }
        guard access(path, W_OK) == 0 else { return "\(path) is not writable" }
        return nil
    }

    /// `path` made absolute against the working directory (unchanged when already absolute).
    package static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" + path }
        let directory = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (directory.hasSuffix("/") ? directory : directory + "/") + path
    }

    /// A short hash that stays the same across runs and machines (FNV-1a, 64 bits, hex).
    package static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
