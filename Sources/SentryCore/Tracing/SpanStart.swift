/// What to start: a span's operation and name, and where it hangs in the trace.
public struct SpanStart: Sendable {
    /// The operation, e.g. `http.server`, `db.query`.
    public var operation: String
    /// The name (a transaction's name, a child's description).
    public var name: String?
    /// The parent; `nil` uses the active span, or starts a transaction when none is active.
    public var parent: (any Span)?
    /// The trace to continue when this starts a transaction; `nil` uses the isolation scope's.
    public var propagation: PropagationContext?
    /// Forces the sampling decision of a transaction.
    public var sampled: Bool?
    /// Who started it: `manual` or `auto.<category>.<integration>`.
    public var origin: String?
    /// A transaction's name source.
    public var source: Event.TransactionSource?
    /// When it started (default: now).
    public var startTimestamp: SentryTimestamp?
    /// Initial data (also offered to `tracesSampler`).
    public var data: [String: JSONValue] {
        get { spanData.dictionary }
        set { spanData = SpanData(newValue) }
    }
    /// The initial data as written (``data`` reads it as a dictionary).
    package var spanData: SpanData
    /// Start a transaction even when a span is active.
    public var startsTransaction: Bool

    /// Describes a span to start.
    public init(
        operation: String, name: String? = nil, parent: (any Span)? = nil, propagation: PropagationContext? = nil,
        sampled: Bool? = nil, origin: String? = nil, source: Event.TransactionSource? = nil,
        startTimestamp: SentryTimestamp? = nil, data: [String: JSONValue] = [:], startsTransaction: Bool = false
    ) {
        self.startsTransaction = startsTransaction
        self.operation = operation
        self.name = name
        self.parent = parent
        self.propagation = propagation
        self.sampled = sampled
        self.origin = origin
        self.source = source
        self.startTimestamp = startTimestamp
        self.spanData = SpanData(data)
    }

    /// Describes a span by its operation, name, origin and data as written, the rest left to
    /// the defaults (the package's helpers: nothing to copy or convert).
    package init(operation: String, name: String, origin: String?, spanData: SpanData) {
        self.operation = operation
        self.name = name
        self.origin = origin
        self.spanData = spanData
        startsTransaction = false
    }
}
