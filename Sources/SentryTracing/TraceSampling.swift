package import SentryCore

/// A sampling decision and the rate behind it.
struct SamplingDecision: Sendable {
    var sampled: Bool
    /// `nil` when tracing is off (the decision is deferred downstream).
    var rate: Double?
    /// Not sampled only because backpressure down-sampled the rate: the undivided rate would have
    /// sampled it (client report reason `backpressure` instead of `sample_rate`).
    var droppedByBackpressure = false
}

/// The order of precedence: forced → `tracesSampler` → parent's decision → `tracesSampleRate`.
/// Every rate is compared as `sampleRand < rate`. With backpressure (`downsampleExponent` n > 0),
/// the sampler's result and `tracesSampleRate` are divided by 2^n; forced and inherited decisions
/// stay as they are, so a trace begun upstream is never cut in the middle.
enum TraceSampling {
    static func decide(
        forced: Bool?, sampler: (@Sendable (SamplingContext) -> Double?)?, rate: Double?, context: SamplingContext,
        sampleRand: Double, downsampleExponent: Int = 0
    ) -> SamplingDecision {
        if let forced { return SamplingDecision(sampled: forced, rate: forced ? 1 : 0) }
        if let sampler, let chosen = sampler(context) {
            let clamped = chosen.isFinite ? min(max(chosen, 0), 1) : 0
            return decide(rate: clamped, sampleRand: sampleRand, downsampleExponent: downsampleExponent)
        }
        if sampler != nil || rate != nil, let parent = context.parentSampled {
            return SamplingDecision(sampled: parent, rate: context.parentSampleRate ?? (parent ? 1 : 0))
        }
        if let rate { return decide(rate: rate, sampleRand: sampleRand, downsampleExponent: downsampleExponent) }
        return SamplingDecision(sampled: false, rate: nil)
    }

    /// `sampleRand < rate / 2^n`; the DSC carries the rate actually applied.
    private static func decide(rate: Double, sampleRand: Double, downsampleExponent: Int) -> SamplingDecision {
        guard downsampleExponent > 0 else { return SamplingDecision(sampled: sampleRand < rate, rate: rate) }
        let downsampled = rate * Double(sign: .plus, exponent: -downsampleExponent, significand: 1)
        let sampled = sampleRand < downsampled
        return SamplingDecision(sampled: sampled, rate: downsampled, droppedByBackpressure: !sampled && sampleRand < rate)
    }
}
