/// The trace an event belongs to when no span is active: a trace id, a span id, and what was
/// continued from upstream (its sampling decision and frozen dynamic sampling context).
public struct PropagationContext: Sendable, Hashable {
    /// The trace id.
    public var traceId: SentryId
    /// The span id that stands for this process in the trace.
    public var spanId: SpanId
    /// The upstream span, when continued from incoming headers.
    public var parentSpanId: SpanId?
    /// The upstream sampling decision, when it made one.
    public var parentSampled: Bool?
    /// The random value sampling decisions compare against, in [0, 1).
    public var sampleRand: Double
    /// The upstream DSC, frozen as received.
    public var dynamicSamplingContext: DynamicSamplingContext?

    /// A new trace.
    public init() {
        traceId = SentryId()
        spanId = SpanId()
        sampleRand = FastRandom.unit()
    }

    /// A continued trace.
    public init(
        traceId: SentryId, spanId: SpanId = SpanId(), parentSpanId: SpanId?, parentSampled: Bool?,
        sampleRand: Double, dynamicSamplingContext: DynamicSamplingContext?
    ) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.parentSampled = parentSampled
        self.sampleRand = sampleRand
        self.dynamicSamplingContext = dynamicSamplingContext
    }

    /// `sample_rand` as the DSC carries it: 6 decimals in [0, 1), e.g. `0.042137`.
    public var sampleRandText: String {
        let scaled = min(max(Int((sampleRand * 1_000_000).rounded(.down)), 0), 999_999)
        let digits = String(scaled)
        return "0." + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// `contexts.trace` for an event captured without an active span.
    public var traceContext: TraceContext {
        TraceContext(traceId: traceId, spanId: spanId, parentSpanId: parentSpanId)
    }
}
