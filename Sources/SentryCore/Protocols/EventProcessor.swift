/// Changes or drops (`nil`) an event on its way to Sentry. Scopes and integrations add them.
public protocol EventProcessor: Sendable {
    /// Returns the event to send, changed or not, or `nil` to drop it.
    func process(_ event: Event, hint: CaptureHint) -> Event?
}

/// An event processor made from a closure.
public struct ClosureEventProcessor: EventProcessor {
    private let body: @Sendable (Event, CaptureHint) -> Event?

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (Event, CaptureHint) -> Event?) { self.body = body }

    /// Runs the closure.
    public func process(_ event: Event, hint: CaptureHint) -> Event? { body(event, hint) }
}
