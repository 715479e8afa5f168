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

/// An event processor that edits the event where it lies, so the pipeline copies no event for
/// it (the SDK's own processors: symbolication, host contexts).
package protocol InPlaceEventProcessor: EventProcessor {
    /// Changes `event`; returns `false` to drop it.
    func process(_ event: inout Event, hint: CaptureHint) -> Bool
}

extension InPlaceEventProcessor {
    /// Runs the in-place processor on a copy.
    public func process(_ event: Event, hint: CaptureHint) -> Event? {
        var event = event
        return process(&event, hint: hint) ? event : nil
    }
}

/// An in-place event processor made from a closure.
package struct InPlaceClosureEventProcessor: InPlaceEventProcessor {
    private let body: @Sendable (inout Event, CaptureHint) -> Bool

    /// Wraps `body`.
    package init(_ body: @escaping @Sendable (inout Event, CaptureHint) -> Bool) { self.body = body }

    /// Runs the closure.
    package func process(_ event: inout Event, hint: CaptureHint) -> Bool { body(&event, hint) }
}

/// An event processor as the pipeline runs it: in place when it can.
package enum PipelineProcessor: Sendable {
    case inPlace(any InPlaceEventProcessor)
    case byValue(any EventProcessor)

    /// Classifies `processor` (once, when the pipeline is built).
    package init(_ processor: any EventProcessor) {
        if let inPlace = processor as? any InPlaceEventProcessor { self = .inPlace(inPlace) } else { self = .byValue(processor) }
    }

    /// Runs the processor on `event`; `false` when it dropped the event.
    package func run(_ event: inout Event, hint: CaptureHint) -> Bool {
        switch self {
        case .inPlace(let processor):
            return processor.process(&event, hint: hint)
        case .byValue(let processor):
            guard let processed = processor.process(event, hint: hint) else { return false }
            event = processed
            return true
        }
    }
}
