package import SentryCore

/// A sampling decision and the rate behind it.
struct SamplingDecision: Sendable {
    var sampled: Bool
    /// `nil` when tracing is off (the decision is deferred downstream).
    var rate: Double?
}

/// The order of precedence: forced → `tracesSampler` → parent's decision → `tracesSampleRate`.
/// Every rate is compared as `sampleRand < rate`.
enum TraceSampling {
    static func decide(
        forced: Bool?, sampler: (@Sendable (SamplingContext) -> Double?)?, rate: Double?, context: SamplingContext,
        sampleRand: Double
    ) -> SamplingDecision {
        if let forced { return SamplingDecision(sampled: forced, rate: forced ? 1 : 0) }
        if let sampler, let chosen = sampler(context) {
            let clamped = chosen.isFinite ? min(max(chosen, 0), 1) : 0
            return SamplingDecision(sampled: sampleRand < clamped, rate: clamped)
        }
        if sampler != nil || rate != nil, let parent = context.parentSampled {
            return SamplingDecision(sampled: parent, rate: context.parentSampleRate ?? (parent ? 1 : 0))
        }
        if let rate { return SamplingDecision(sampled: sampleRand < rate, rate: rate) }
        return SamplingDecision(sampled: false, rate: nil)
    }
}
