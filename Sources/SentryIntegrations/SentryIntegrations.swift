import SentryCore

/// The `SentryIntegrations` module. It depends on `SentryCore` only; see `Docs/architecture.md`.
public enum SentryIntegrationsModule {
    /// The module's name, as listed in the SDK's integrations.
    public static let name = "SentryIntegrations"
}
