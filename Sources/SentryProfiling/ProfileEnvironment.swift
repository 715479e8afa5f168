#if canImport(Glibc)
import Glibc
#endif

/// The host facts a transaction profile's metadata needs, read once.
enum ProfileEnvironment {
    /// `os.name` and `os.version` (the kernel release).
    static let os: (name: String, version: String) = {
        var names = utsname()
        guard uname(&names) == 0 else { return ("Linux", "unknown") }
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return (field(names.sysname), field(names.release))
    }()

    /// The Swift version this SDK was compiled with (`runtime.version`).
    static let swiftVersion: String = {
        #if swift(>=6.3)
        "6.3"
        #elseif swift(>=6.2)
        "6.2"
        #elseif swift(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }()
}
