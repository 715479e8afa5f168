import SentryCore

/// The `SentryTracing` module. It depends on `SentryCore` only; see `Docs/architecture.md`.
public enum SentryTracingModule {
    /// The module's name, as listed in the SDK's integrations.
    public static let name = "SentryTracing"
}
