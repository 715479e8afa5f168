/// An error, message or transaction event: the `event` and `transaction` item payloads.
public struct Event: Sendable, Hashable, JSONEncodable {
    /// Which kind of event this is.
    public enum Kind: String, Sendable, Hashable, JSONEncodable {
        /// A message or other event without an exception.
        case `default`
        /// An error.
        case error
        /// A finished transaction.
        case transaction
        /// User feedback (sent as a `feedback` item).
        case feedback

        /// Writes the wire name.
        package func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
    }

    /// A message with an optional template and parameters (`logentry`).
    public struct Message: Sendable, Hashable, JSONEncodable {
        /// The final text.
        public var formatted: String
        /// The template, e.g. `User %s failed`.
        public var template: String?
        /// The template's parameters.
        public var params: [JSONValue]

        /// Creates a message.
        public init(formatted: String, template: String? = nil, params: [JSONValue] = []) {
            self.formatted = formatted
            self.template = template
            self.params = params
        }

        /// Writes `{formatted, message?, params?}`.
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("formatted", formatted)
                w.field("message", template)
                w.nonEmpty("params", params)
            }
        }
    }

    /// A transaction's name source (`transaction_info.source`).
    public enum TransactionSource: String, Sendable, Hashable, JSONEncodable {
        case custom, url, route, view, component, task

        /// Writes the wire name.
        package func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
    }

    /// A named measurement on a transaction.
    public struct Measurement: Sendable, Hashable, JSONEncodable {
        /// The value.
        public var value: Double
        /// Its unit, e.g. `millisecond`.
        public var unit: String?

        /// Creates a measurement.
        public init(value: Double, unit: String? = nil) {
            self.value = value
            self.unit = unit
        }

        /// Writes `{value, unit?}`.
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("value", value)
                w.field("unit", unit)
            }
        }
    }

    /// The event id (also the envelope header's).
    public var eventId: SentryId
    /// When the event happened (a transaction: when it finished).
    public var timestamp: SentryTimestamp
    /// The platform; `native` on Linux so the server symbolicates ELF addresses.
    public var platform: String
    /// Which kind of event.
    public var kind: Kind?
    /// The severity (errors default to `error`).
    public var level: SentryLevel?
    /// The logger name.
    public var logger: String?
    /// The transaction (route) name.
    public var transaction: String?
    /// The host name.
    public var serverName: String?
    /// The release, e.g. `my-app@1.2.3`.
    public var release: String?
    /// The distribution (build variant).
    public var dist: String?
    /// The environment, e.g. `production`.
    public var environment: String?
    /// Searchable tags.
    public var tags: [String: String]
    /// Arbitrary data (prefer contexts).
    public var extra: [String: JSONValue]
    /// Loaded modules and their versions.
    public var modules: [String: String]
    /// Grouping override; `{{ default }}` keeps the default grouping.
    public var fingerprint: [String]
    /// The user.
    public var user: User?
    /// The HTTP request.
    public var request: Request?
    /// Contexts.
    public var contexts: Contexts
    /// The message.
    public var message: Message?
    /// The exception chain, oldest first.
    public var exceptions: [SentryException]
    /// Threads.
    public var threads: [SentryThread]
    /// Breadcrumbs, oldest first.
    public var breadcrumbs: [Breadcrumb]
    /// Images the stack frames point into.
    package var debugImages: [DebugImage]
    /// The SDK.
    package var sdk: SdkInfo?
    /// A transaction's start.
    public var startTimestamp: SentryTimestamp?
    /// A transaction's child spans.
    public var spans: [SpanRecord]
    /// A transaction's measurements.
    public var measurements: [String: Measurement]
    /// A transaction's name source.
    public var transactionSource: TransactionSource?
    /// Items sent in the same envelope as this event (a transaction's `profile`); not part of the
    /// event's JSON.
    package var envelopeItems: [EnvelopeItem] = []

    /// Creates an event with a new id, timestamped now.
    public init(
        eventId: SentryId = SentryId(), timestamp: SentryTimestamp = .now(), level: SentryLevel? = nil,
        message: Message? = nil, exceptions: [SentryException] = []
    ) {
        self.eventId = eventId
        self.timestamp = timestamp
        self.platform = "native"
        self.level = level
        self.message = message
        self.exceptions = exceptions
        self.tags = [:]
        self.extra = [:]
        self.modules = [:]
        self.fingerprint = []
        self.contexts = Contexts()
        self.threads = []
        self.breadcrumbs = []
        self.debugImages = []
        self.spans = []
        self.measurements = [:]
    }

    /// Whether this is a transaction.
    public var isTransaction: Bool { kind == .transaction }

    /// Whether this is user feedback.
    public var isFeedback: Bool { kind == .feedback }

    /// Writes the event object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("event_id", eventId)
            w.field("timestamp", timestamp)
            w.field("platform", platform)
            w.field("type", kind)
            w.field("level", level)
            w.field("logger", logger)
            w.field("transaction", transaction)
            if let transactionSource {
                w.key("transaction_info")
                w.object { info in info.field("source", transactionSource) }
            }
            w.field("server_name", serverName)
            w.field("release", release)
            w.field("dist", dist)
            w.field("environment", environment)
            w.field("logentry", message)
            w.nonEmpty("tags", tags)
            w.nonEmpty("extra", extra)
            w.nonEmpty("modules", modules)
            w.nonEmpty("fingerprint", fingerprint)
            w.field("user", user)
            w.field("request", request)
            if !contexts.isEmpty { w.field("contexts", contexts) }
            if !exceptions.isEmpty {
                w.key("exception")
                w.object { e in e.field("values", exceptions) }
            }
            if !threads.isEmpty {
                w.key("threads")
                w.object { t in t.field("values", threads) }
            }
            if !breadcrumbs.isEmpty {
                w.key("breadcrumbs")
                w.object { b in b.field("values", breadcrumbs) }
            }
            if !debugImages.isEmpty {
                w.key("debug_meta")
                w.object { d in d.field("images", debugImages) }
            }
            w.field("sdk", sdk)
            w.field("start_timestamp", startTimestamp)
            if kind == .transaction { w.field("spans", spans) }
            w.nonEmpty("measurements", measurements)
        }
    }
}
