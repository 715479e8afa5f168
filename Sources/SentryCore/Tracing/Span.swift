/// A span of work in a trace. `SentryTracing` implements it; with tracing off or a trace not
/// sampled, spans cost next to nothing and are never sent.
public protocol Span: AnyObject, Sendable {
    /// The trace id.
    var traceId: SentryId { get }
    /// The span id.
    var spanId: SpanId { get }
    /// The parent span id (`nil` for a transaction that starts a trace here).
    var parentSpanId: SpanId? { get }
    /// The sampling decision: `true` sent, `false` dropped, `nil` deferred (no decision yet).
    var sampled: Bool? { get }
    /// The trace's dynamic sampling context, frozen once read (it leaves the process).
    var dynamicSamplingContext: DynamicSamplingContext? { get }
    /// Starts a child span.
    func startChild(operation: String, description: String?) -> any Span
    /// Sets the operation, e.g. `http.server` (integrations learn it after starting).
    func setOperation(_ operation: String)
    /// Sets the description (for a transaction: its name).
    func setDescription(_ description: String)
    /// Sets a data attribute.
    func setData(_ value: JSONValue, forKey key: String)
    /// Sets several data attributes at once (a later pair wins over an earlier one of its key).
    func setData(_ pairs: [(key: String, value: JSONValue)])
    /// Sets a tag.
    func setTag(_ value: String, forKey key: String)
    /// Sets the status.
    func setStatus(_ status: SpanStatus)
    /// Sets a measurement on the transaction.
    func setMeasurement(_ name: String, value: Double, unit: String?)
    /// Sets the transaction's name source (`route` once a router resolved the name); a child
    /// span ignores it.
    func setSource(_ source: Event.TransactionSource)
    /// Ends the span at `timestamp` (default: now). Finishing twice does nothing.
    func finish(at timestamp: SentryTimestamp?)
}

extension Span {
    /// Whether the span will be sent.
    public var isSampled: Bool { sampled == true }

    /// Ends the span now.
    public func finish() { finish(at: nil) }

    /// Ignores the source (spans that are not transactions).
    public func setSource(_ source: Event.TransactionSource) {}

    /// Sets each pair in turn.
    public func setData(_ pairs: [(key: String, value: JSONValue)]) {
        for (key, value) in pairs { setData(value, forKey: key) }
    }

    /// Starts a child span with no description.
    public func startChild(operation: String) -> any Span { startChild(operation: operation, description: nil) }

    /// The `sentry-trace` header value: `<trace_id>-<span_id>[-<sampled>]`.
    public var traceHeader: String { SentryTraceHeader(traceId: traceId, spanId: spanId, sampled: sampled).value }

    /// `contexts.trace` for events captured while this span is active.
    public var traceContext: TraceContext {
        TraceContext(traceId: traceId, spanId: spanId, parentSpanId: parentSpanId)
    }
}

/// The span returned when no SDK is started or tracing is off: ids that keep the trace, nothing recorded.
public final class NoOpSpan: Span {
    /// The shared instance for when no SDK is started.
    public static let shared = NoOpSpan(traceId: .empty, spanId: SpanId(value: 0), parentSpanId: nil)

    /// The trace id.
    public let traceId: SentryId
    /// The span id.
    public let spanId: SpanId
    /// The parent span id.
    public let parentSpanId: SpanId?

    /// A span that only carries ids.
    public init(traceId: SentryId, spanId: SpanId = SpanId(), parentSpanId: SpanId?) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
    }

    /// Never sampled.
    public var sampled: Bool? { false }
    /// None.
    public var dynamicSamplingContext: DynamicSamplingContext? { nil }
    /// Another no-op span in the same trace.
    public func startChild(operation: String, description: String?) -> any Span {
        self === NoOpSpan.shared ? self : NoOpSpan(traceId: traceId, parentSpanId: spanId)
    }
    /// Ignored.
    public func setOperation(_ operation: String) {}
    /// Ignored.
    public func setDescription(_ description: String) {}
    /// Ignored.
    public func setData(_ value: JSONValue, forKey key: String) {}
    /// Ignored.
    public func setTag(_ value: String, forKey key: String) {}
    /// Ignored.
    public func setStatus(_ status: SpanStatus) {}
    /// Ignored.
    public func setMeasurement(_ name: String, value: Double, unit: String?) {}
    /// Ignored.
    public func finish(at timestamp: SentryTimestamp?) {}
}
