import SentryCore

/// The `SentryAI` module. It depends on `SentryCore` only; see `Docs/architecture.md`.
public enum SentryAIModule {
    /// The module's name, as listed in the SDK's integrations.
    public static let name = "SentryAI"
}
