#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the SDK keeps files between runs (the envelope spool, crash reports): one folder per DSN.
public enum CacheDirectory {
    /// `options.cacheDirectoryPath`, else `$XDG_CACHE_HOME/sentry-swift/<DSN hash>`, else
    /// `~/.cache/sentry-swift/<DSN hash>`; `nil` when none can be named.
    public static func path(options: Options, environment: [String: String]) -> String? {
        if let path = options.cacheDirectoryPath, !path.isEmpty { return path }
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

    /// Creates `path` and its parents (mode 0700); `true` when it exists and is writable.
    public static func create(_ path: String) -> Bool {
        var built = ""
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o700) != 0, errno != EEXIST { return false }
        }
        return access(path, W_OK) == 0
    }

    /// A short hash that stays the same across runs and machines (FNV-1a, 64 bits, hex).
    public static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
