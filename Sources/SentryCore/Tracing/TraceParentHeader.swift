/// The W3C `traceparent` header: `00-<trace_id>-<span_id>-<flags>`.
public struct TraceParentHeader: Sendable, Hashable {
    /// The header name.
    public static let name = "traceparent"

    /// The trace id.
    public var traceId: SentryId
    /// The parent span id.
    public var spanId: SpanId
    /// The sampled flag.
    public var sampled: Bool

    /// Creates a header.
    public init(traceId: SentryId, spanId: SpanId, sampled: Bool) {
        self.traceId = traceId
        self.spanId = spanId
        self.sampled = sampled
    }

    /// Parses version `00` (and later versions' first four fields); `nil` when malformed or all-zero.
    public init?(_ value: String) {
        let parts = value.trimmingWhitespace().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32,
            let traceId = SentryId(hex: parts[1]), traceId != .empty, let spanId = SpanId(hex: parts[2]),
            spanId.value != 0, parts[3].count == 2, let flags = UInt8(parts[3], radix: 16)
        else { return nil }
        if parts[0] == "00", parts.count != 4 { return nil }
        self.init(traceId: traceId, spanId: spanId, sampled: flags & 1 == 1)
    }

    /// The header value.
    public var value: String { "00-\(traceId)-\(spanId)-\(sampled ? "01" : "00")" }
}
