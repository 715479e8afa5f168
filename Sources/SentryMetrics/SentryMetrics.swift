import SentryCore

/// The `SentryMetrics` module. It depends on `SentryCore` only; see `Docs/architecture.md`.
public enum SentryMetricsModule {
    /// The module's name, as listed in the SDK's integrations.
    public static let name = "SentryMetrics"
}
