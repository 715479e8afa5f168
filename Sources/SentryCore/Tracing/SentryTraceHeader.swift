/// The `sentry-trace` header: `<trace_id>-<span_id>[-<sampled>]`.
public struct SentryTraceHeader: Sendable, Hashable {
    /// The header name.
    public static let name = "sentry-trace"

    /// The trace id.
    public var traceId: SentryId
    /// The sending span's id.
    public var spanId: SpanId
    /// The sender's decision; `nil` when deferred.
    public var sampled: Bool?

    /// Creates a header.
    public init(traceId: SentryId, spanId: SpanId, sampled: Bool?) {
        self.traceId = traceId
        self.spanId = spanId
        self.sampled = sampled
    }

    /// Parses a header leniently (surrounding blanks allowed, sampled flag optional); `nil` when
    /// the trace or span id is missing or malformed.
    public init?(_ value: String) {
        let trimmed = value.trimmingWhitespace()
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let traceId = SentryId(hex: parts[0]), parts[0].count == 32,
            let spanId = SpanId(hex: parts[1])
        else { return nil }
        self.traceId = traceId
        self.spanId = spanId
        if parts.count == 3 {
            switch parts[2] {
            case "1": sampled = true
            case "0": sampled = false
            case "": sampled = nil
            default: return nil
            }
        }
    }

    /// The header value.
    public var value: String {
        let base = "\(traceId)-\(spanId)"
        switch sampled {
        case true?: return base + "-1"
        case false?: return base + "-0"
        case nil: return base
        }
    }
}
