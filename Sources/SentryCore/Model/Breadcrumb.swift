/// A trail entry recorded before an event: what happened leading up to it.
public struct Breadcrumb: Sendable, Hashable, JSONEncodable {
    /// The kind (`default`, `http`, `navigation`, `query`, `error`, `debug`, …).
    public var type: String?
    /// A dotted category such as `http` or `log`.
    public var category: String?
    /// A human-readable message.
    public var message: String?
    /// Structured data; scrubbed like `extra`.
    public var data: [String: JSONValue]
    /// The severity (default `info`).
    public var level: SentryLevel?
    /// Who created it, e.g. `auto.log.swift_log`.
    public var origin: String?
    /// When it happened.
    public var timestamp: SentryTimestamp

    /// Creates a breadcrumb, timestamped now unless given a time.
    public init(
        message: String? = nil, category: String? = nil, level: SentryLevel? = nil, type: String? = nil,
        data: [String: JSONValue] = [:], origin: String? = nil, timestamp: SentryTimestamp = .now()
    ) {
        self.message = message
        self.category = category
        self.level = level
        self.type = type
        self.data = data
        self.origin = origin
        self.timestamp = timestamp
    }

    /// Writes the breadcrumb object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("timestamp", timestamp)
            w.field("type", type)
            w.field("category", category)
            w.field("message", message)
            w.field("level", level)
            w.field("origin", origin)
            w.nonEmpty("data", data)
        }
    }
}
