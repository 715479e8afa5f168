/// A finished child span as it appears in a transaction's `spans`.
public struct SpanRecord: Sendable, Hashable, JSONEncodable {
    /// The trace id.
    public var traceId: SentryId
    /// The span id.
    public var spanId: SpanId
    /// The parent span id.
    public var parentSpanId: SpanId?
    /// The operation, e.g. `db.query`.
    public var op: String?
    /// The description, e.g. the scrubbed SQL.
    public var description: String?
    /// The outcome.
    public var status: SpanStatus?
    /// When it started.
    public var startTimestamp: SentryTimestamp
    /// When it finished.
    public var timestamp: SentryTimestamp?
    /// `manual` or `auto.<category>.<integration>`.
    public var origin: String?
    /// Attributes.
    public var data: [String: JSONValue] {
        get { spanData.dictionary }
        set { spanData = SpanData(newValue) }
    }
    /// The data as written (``data`` reads it as a dictionary).
    package var spanData: SpanData
    /// Tags.
    public var tags: [String: String]

    /// Creates a span record.
    public init(
        traceId: SentryId, spanId: SpanId, parentSpanId: SpanId? = nil, op: String? = nil,
        description: String? = nil, status: SpanStatus? = nil, startTimestamp: SentryTimestamp,
        timestamp: SentryTimestamp? = nil, origin: String? = nil, data: [String: JSONValue] = [:],
        tags: [String: String] = [:]
    ) {
        self.init(
            traceId: traceId, spanId: spanId, parentSpanId: parentSpanId, op: op, description: description, status: status,
            startTimestamp: startTimestamp, timestamp: timestamp, origin: origin, spanData: SpanData(data), tags: tags)
    }

    /// Creates a span record from the data as written.
    package init(
        traceId: SentryId, spanId: SpanId, parentSpanId: SpanId?, op: String?, description: String?, status: SpanStatus?,
        startTimestamp: SentryTimestamp, timestamp: SentryTimestamp?, origin: String?, spanData: SpanData,
        tags: [String: String]
    ) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.op = op
        self.description = description
        self.status = status
        self.startTimestamp = startTimestamp
        self.timestamp = timestamp
        self.origin = origin
        self.spanData = spanData
        self.tags = tags
    }

    /// Writes the span object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("trace_id", traceId)
            w.field("span_id", spanId)
            w.field("parent_span_id", parentSpanId)
            w.field("op", op)
            w.field("description", description)
            w.field("status", status)
            w.field("start_timestamp", startTimestamp)
            w.field("timestamp", timestamp)
            w.field("origin", origin)
            if !spanData.isEmpty { w.field("data", spanData) }
            w.nonEmpty("tags", tags)
        }
    }
}
