/// One structured log record inside a `log` container item.
public struct SentryLog: Sendable, Hashable, JSONEncodable {
    /// A log's severity. Note `warn`, not `warning`.
    public enum Level: String, Sendable, Hashable, CaseIterable, Comparable, JSONEncodable {
        case trace, debug, info, warn, error, fatal

        /// The OpenTelemetry severity number (lowest of each range).
        public var severityNumber: Int {
            switch self {
            case .trace: 1
            case .debug: 5
            case .info: 9
            case .warn: 13
            case .error: 17
            case .fatal: 21
            }
        }

        /// Orders levels by severity.
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.severityNumber < rhs.severityNumber }

        /// Writes the wire name.
        package func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
    }

    /// When it was logged.
    public var timestamp: SentryTimestamp
    /// The active trace.
    public var traceId: SentryId
    /// The active span, if any.
    public var spanId: SpanId?
    /// The severity.
    public var level: Level
    /// The formatted message.
    public var body: String
    /// Typed attributes.
    public var attributes: [String: Attribute]
    /// The message template (`Order {0} placed`), sent as `sentry.message.template`.
    public var template: String?
    /// The template's parameters, sent as `sentry.message.parameter.<i>`.
    public var parameters: [AttributeValue]

    /// Creates a log record.
    public init(
        timestamp: SentryTimestamp = .now(), traceId: SentryId, spanId: SpanId? = nil, level: Level, body: String,
        attributes: [String: Attribute] = [:], template: String? = nil, parameters: [AttributeValue] = []
    ) {
        self.timestamp = timestamp
        self.traceId = traceId
        self.spanId = spanId
        self.level = level
        self.body = body
        self.attributes = attributes
        self.template = template
        self.parameters = parameters
    }

    /// Writes the log object.
    package func encode(to writer: inout JSONWriter) { encode(to: &writer, sharedAttributes: [:]) }

    /// Writes the log object, adding `sharedAttributes` it does not set itself.
    package func encode(to writer: inout JSONWriter, sharedAttributes: [String: Attribute]) {
        writer.object { w in
            w.field("timestamp", timestamp)
            w.field("trace_id", traceId)
            w.field("span_id", spanId)
            w.field("level", level)
            w.field("severity_number", level.severityNumber)
            w.field("body", body)
            var own = attributes
            if let template, !parameters.isEmpty {
                own["sentry.message.template"] = own["sentry.message.template"] ?? Attribute(.string(template))
                for (index, parameter) in parameters.enumerated() where own["sentry.message.parameter.\(index)"] == nil {
                    own["sentry.message.parameter.\(index)"] = Attribute(parameter)
                }
            }
            Attribute.write(own, shared: sharedAttributes, to: &w)
        }
    }
}
