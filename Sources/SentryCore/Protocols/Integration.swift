/// An optional part of the SDK, installed when the SDK starts. Declines by returning `nil`
/// from ``install(options:)`` (its library is absent, or the options turn it off).
public protocol Integration: Sendable {
    /// The name listed in the event's `sdk.integrations`.
    var name: String { get }
    /// Sets the integration up; returns the event processor it contributes (if any), or declines.
    func install(options: Options) -> InstalledIntegration?
}

/// What an installed integration contributes.
public struct InstalledIntegration: Sendable {
    /// Runs on every event after the scopes' processors.
    public var eventProcessor: (any EventProcessor)?
    /// Called when the SDK closes.
    public var uninstall: (@Sendable () -> Void)?

    /// Describes an installed integration.
    public init(eventProcessor: (any EventProcessor)? = nil, uninstall: (@Sendable () -> Void)? = nil) {
        self.eventProcessor = eventProcessor
        self.uninstall = uninstall
    }
}
