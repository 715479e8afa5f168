/// `contexts.trace`: which trace and span an event or transaction belongs to.
public struct TraceContext: Sendable, Hashable, JSONEncodable {
    /// The trace id.
    public var traceId: SentryId
    /// The span id.
    public var spanId: SpanId
    /// The parent span id.
    public var parentSpanId: SpanId?
    /// The operation, e.g. `http.server`.
    public var op: String?
    /// The status.
    public var status: SpanStatus?
    /// Who started the span: `manual` or `auto.<category>.<integration>`.
    public var origin: String?
    /// A description.
    public var description: String?
    /// Span data (`thread.id`, `thread.name`, …).
    public var data: [String: JSONValue]

    /// Creates a trace context.
    public init(
        traceId: SentryId, spanId: SpanId, parentSpanId: SpanId? = nil, op: String? = nil,
        status: SpanStatus? = nil, origin: String? = nil, description: String? = nil,
        data: [String: JSONValue] = [:]
    ) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.op = op
        self.status = status
        self.origin = origin
        self.description = description
        self.data = data
    }

    /// Writes the trace context object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("type", "trace")
            w.field("trace_id", traceId)
            w.field("span_id", spanId)
            w.field("parent_span_id", parentSpanId)
            w.field("op", op)
            w.field("status", status)
            w.field("origin", origin)
            w.field("description", description)
            w.nonEmpty("data", data)
        }
    }
}
