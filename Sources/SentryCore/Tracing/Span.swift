/// A span of work in a trace. `SentryTracing` implements it; with tracing off, spans are
/// ``NoOpSpan`` and cost nothing.
public protocol Span: AnyObject, Sendable {
    /// The trace id.
    var traceId: SentryId { get }
    /// The span id.
    var spanId: SpanId { get }
    /// Whether the span will be sent.
    var isSampled: Bool { get }
    /// Starts a child span.
    func startChild(operation: String, description: String?) -> any Span
    /// Sets a data attribute.
    func setData(_ value: JSONValue, forKey key: String)
    /// Sets a tag.
    func setTag(_ value: String, forKey key: String)
    /// Sets the status.
    func setStatus(_ status: SpanStatus)
    /// Ends the span now.
    func finish()
}

/// The span returned when no SDK is started or the trace is not sampled.
public final class NoOpSpan: Span {
    /// The one shared instance.
    public static let shared = NoOpSpan()

    private init() {}

    /// The empty id.
    public var traceId: SentryId { .empty }
    /// Zero.
    public var spanId: SpanId { SpanId(value: 0) }
    /// Never sampled.
    public var isSampled: Bool { false }
    /// Another no-op span.
    public func startChild(operation: String, description: String?) -> any Span { self }
    /// Ignored.
    public func setData(_ value: JSONValue, forKey key: String) {}
    /// Ignored.
    public func setTag(_ value: String, forKey key: String) {}
    /// Ignored.
    public func setStatus(_ status: SpanStatus) {}
    /// Ignored.
    public func finish() {}
}
