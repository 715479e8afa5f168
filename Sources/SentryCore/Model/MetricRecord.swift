/// One trace-connected metric record inside a `trace_metric` container item.
public struct MetricRecord: Sendable, Hashable, JSONEncodable {
    /// The metric kind.
    public enum Kind: String, Sendable, Hashable, JSONEncodable {
        case counter, gauge, distribution

        /// Writes the wire name.
        package func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
    }

    /// When it was recorded.
    public var timestamp: SentryTimestamp
    /// The active trace.
    public var traceId: SentryId
    /// The active span, if any.
    public var spanId: SpanId?
    /// A dotted name, e.g. `db.query.duration`.
    public var name: String
    /// The kind.
    public var kind: Kind
    /// The value.
    public var value: Double
    /// The unit.
    public var unit: String?
    /// Typed attributes.
    public var attributes: [String: Attribute]

    /// Creates a metric record.
    public init(
        timestamp: SentryTimestamp = .now(), traceId: SentryId, spanId: SpanId? = nil, name: String, kind: Kind,
        value: Double, unit: String? = nil, attributes: [String: Attribute] = [:]
    ) {
        self.timestamp = timestamp
        self.traceId = traceId
        self.spanId = spanId
        self.name = name
        self.kind = kind
        self.value = value
        self.unit = unit
        self.attributes = attributes
    }

    /// Writes the metric object.
    package func encode(to writer: inout JSONWriter) { encode(to: &writer, sharedAttributes: [:]) }

    /// Writes the metric object, adding `sharedAttributes` it does not set itself.
    package func encode(to writer: inout JSONWriter, sharedAttributes: [String: Attribute]) {
        writer.object { w in
            w.field("timestamp", timestamp)
            w.field("trace_id", traceId)
            w.field("span_id", spanId)
            w.field("name", name)
            w.field("type", kind)
            w.field("value", value)
            w.field("unit", unit)
            Attribute.write(attributes, shared: sharedAttributes, to: &w)
        }
    }
}
