package import SentryCore

/// The attributes every log and metric carries.
package enum TelemetryAttributes {
    /// `sentry.sdk.name`, `sentry.sdk.version`, `sentry.environment`, `sentry.release` and
    /// `server.address` (when known).
    package static func defaults(options: Options, sdk: SdkInfo) -> [String: Attribute] {
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
