public import SentryCore
public import Tracing

/// A swift-distributed-tracing span backed by a Sentry span. Attributes, status and errors are
/// collected while it runs and mapped to Sentry's conventions when it ends.
///
/// `@unchecked Sendable`: `state` is only touched inside `lock.withLock`.
public final class SentryTracingSpan: Tracing.Span, @unchecked Sendable {
    /// The Sentry span underneath.
    public let sentrySpan: any SentryCore.Span
    /// The context (carrying ``sentrySpan``) that children inherit.
    public let context: ServiceContext
    private let kind: SpanKind
    private let lock: Locked<State>

    private struct State {
        var operationName: String
        var attributes: SpanAttributes = [:]
        var status: Tracing.SpanStatus?
        var ended = false
    }

    init(span: any SentryCore.Span, context: ServiceContext, kind: SpanKind, operationName: String) {
        self.sentrySpan = span
        self.context = context
        self.kind = kind
        lock = Locked(State(operationName: operationName))
    }

    /// The span's name; renaming (e.g. to the route template) renames the Sentry span.
    public var operationName: String {
        get { lock.withLock { $0.operationName } }
        set { lock.withLock { $0.operationName = newValue } }
    }

    /// The attributes recorded so far.
    public var attributes: SpanAttributes {
        get { lock.withLock { $0.attributes } }
        set { lock.withLock { $0.attributes = newValue } }
    }

    /// Whether the span is sampled and still open.
    public var isRecording: Bool { sentrySpan.isSampled && !lock.withLock { $0.ended } }

    /// Records the status (mapped at the end, refined by the HTTP status code when there is one).
    public func setStatus(_ status: Tracing.SpanStatus) { lock.withLock { $0.status = status } }

    /// Sentry spans have no events; they are ignored.
    public func addEvent(_ event: SpanEvent) {}

    /// Sentry spans have no links; they are ignored.
    public func addLink(_ link: SpanLink) {}

    /// Marks the span as failed and notes the error's type.
    public func recordError<Instant: TracerInstant>(
        _ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant
    ) {
        lock.withLock { state in
            if state.status == nil { state.status = Tracing.SpanStatus(code: .error, message: String(describing: error)) }
            state.attributes["error.type"] = String(reflecting: type(of: error))
        }
    }

    /// Maps name, kind and attributes to the Sentry span and finishes it.
    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        guard let state = lock.withLock({ state -> State? in
            guard !state.ended else { return nil }
            state.ended = true
            return state
        }) else { return }
        let end = SentryTimestamp(secondsSince1970: Double(instant().nanosecondsSinceEpoch) / 1e9)
        guard sentrySpan.isSampled else { return sentrySpan.finish(at: end) }
        let mapped = SpanMapping.map(kind: kind, name: state.operationName, attributes: state.attributes, status: state.status)
        sentrySpan.setOperation(mapped.operation)
        sentrySpan.setDescription(mapped.description)
        for (key, value) in mapped.data { sentrySpan.setData(value, forKey: key) }
        if let status = mapped.status { sentrySpan.setStatus(status) }
        sentrySpan.finish(at: end)
    }
}
