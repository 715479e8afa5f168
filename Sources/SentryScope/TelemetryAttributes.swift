public import SentryCore

/// The attributes every log and metric carries.
public enum TelemetryAttributes {
    /// `sentry.sdk.name`, `sentry.sdk.version`, `sentry.environment`, `sentry.release` and
    /// `server.address` (when known).
    public static func defaults(options: Options, sdk: SdkInfo) -> [String: Attribute] {
        var attributes: [String: Attribute] = [
            "sentry.sdk.name": Attribute(.string(sdk.name)),
            "sentry.sdk.version": Attribute(.string(sdk.version)),
            "sentry.environment": Attribute(.string(options.environment ?? "production")),
        ]
        if let release = options.release { attributes["sentry.release"] = Attribute(.string(release)) }
        if let server = options.serverName ?? HostName.current { attributes["server.address"] = Attribute(.string(server)) }
        return attributes
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// The machine's host name.
enum HostName {
    static let current: String? = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}
