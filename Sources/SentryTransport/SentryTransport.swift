import SentryCore

/// The `SentryTransport` module. It depends on `SentryCore` only; see `Docs/architecture.md`.
public enum SentryTransportModule {
    /// The module's name, as listed in the SDK's integrations.
    public static let name = "SentryTransport"
}
