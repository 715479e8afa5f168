@_exported public import SentryCore

/// The umbrella module: `import Sentry` gives the whole public API of `SentryCore`;
/// `SentrySDK.start` (coming with the client pipeline) wires the default modules.
public enum SentryUmbrella {
    /// The SDK modules the umbrella wires, in dependency order.
    public static let modules = [
        "SentryCore", "SentryScope", "SentryTransport", "SentryTracing", "SentryProfiling", "SentryMetrics",
        "SentryAI", "SentryIntegrations",
    ]
}
