import SentryCore

/// The `SentryProfiling` module. It depends on `SentryCore` only; see `Docs/architecture.md`.
public enum SentryProfilingModule {
    /// The module's name, as listed in the SDK's integrations.
    public static let name = "SentryProfiling"
}
