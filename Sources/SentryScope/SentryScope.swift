import SentryCore

/// The `SentryScope` module. It depends on `SentryCore` only; see `Docs/architecture.md`.
public enum SentryScopeModule {
    /// The module's name, as listed in the SDK's integrations.
    public static let name = "SentryScope"
}
