import SentryCore

/// Marks an AI span failed and captures the error once, while the span is active, with
/// mechanism `ai_monitoring` (unhandled: it left the SDK's helper), as the Python SDK does.
@usableFromInline package enum AIErrorCapture {
    /// Sets `span`'s status for `error` and captures it unless an AI span inside did already.
    /// A `CancellationError` only marks the span `cancelled`.
    static func record(_ error: any Error, on span: any Span, mechanism: String = "ai_monitoring") {
        if error is CancellationError {
            span.setStatus(.cancelled)
            return
        }
        span.setStatus(.internalError)
        guard SentrySDK.isEnabled, AIErrorLedger.firstSighting(of: error) else { return }
        capture(error, mechanism: mechanism)
    }

    /// Records `error` on `span` (see ``record(_:on:mechanism:)``) and returns it, to be rethrown.
    static func recorded(_ error: any Error, on span: any Span) -> any Error {
        record(error, on: span)
        return error
    }

    /// The same for a helper that started no span (tracing off).
    @usableFromInline package static func recorded(_ error: any Error) -> any Error {
        recorded(error, on: NoOpSpan.shared)
    }

    /// Captures `error` with the given mechanism (the active span links it).
    package static func capture(_ error: any Error, mechanism: String) {
        let processor = MechanismProcessor(type: mechanism)
        SentrySDK.capture(error: error, hint: CaptureHint(scope: { $0.eventProcessors.append(processor) }))
    }
}

/// Sets the mechanism of the thrown (outermost) exception of an event.
struct MechanismProcessor: EventProcessor {
    let type: String

    func process(_ event: Event, hint: CaptureHint) -> Event? {
        var event = event
        guard !event.exceptions.isEmpty else { return event }
        // Exceptions are listed cause first; the thrown one is the last, exception id 0.
        let index = event.exceptions.lastIndex { ($0.mechanism?.exceptionId ?? 0) == 0 } ?? event.exceptions.count - 1
        var mechanism = event.exceptions[index].mechanism ?? Mechanism(type: type)
        mechanism.type = type
        mechanism.handled = false
        event.exceptions[index].mechanism = mechanism
        return event
    }
}
