import SentryCore
import Testing

@testable import SentryTracing

/// How the backpressure exponent changes a sampling decision.
@Suite struct BackpressureSamplingTests {
    func context(parentSampled: Bool? = nil) -> SamplingContext {
        SamplingContext(name: "t", operation: "op", parentSampled: parentSampled, parentSampleRate: nil, data: [:])
    }

    @Test(arguments: [0, 1, 2, 3, 10])
    func theRateIsDividedByTwoToTheExponent(_ exponent: Int) {
        let effective = 0.8 / Double(1 << exponent)
        for rand in stride(from: 0.0, to: 1.0, by: 0.01) {
            let decision = TraceSampling.decide(
                forced: nil, sampler: nil, rate: 0.8, context: context(), sampleRand: rand, downsampleExponent: exponent)
            #expect(decision.sampled == (rand < effective))
            #expect(decision.rate == effective)  // the DSC carries the rate applied
            #expect(decision.droppedByBackpressure == (rand >= effective && rand < 0.8))
        }
    }

    @Test func theSamplersRateIsDownsampledToo() {
        let half: @Sendable (SamplingContext) -> Double? = { _ in 0.5 }
        let kept = TraceSampling.decide(forced: nil, sampler: half, rate: nil, context: context(), sampleRand: 0.2, downsampleExponent: 1)
        #expect(kept.sampled && kept.rate == 0.25)
        let dropped = TraceSampling.decide(forced: nil, sampler: half, rate: nil, context: context(), sampleRand: 0.3, downsampleExponent: 1)
        #expect(!dropped.sampled && dropped.droppedByBackpressure)
        let never = TraceSampling.decide(forced: nil, sampler: half, rate: nil, context: context(), sampleRand: 0.7, downsampleExponent: 1)
        #expect(!never.sampled && !never.droppedByBackpressure, "the undivided rate would have dropped it too: sample_rate")
    }

    @Test func forcedAndInheritedDecisionsAreNotDownsampled() {
        let forced = TraceSampling.decide(forced: true, sampler: nil, rate: 1, context: context(), sampleRand: 0.9, downsampleExponent: 5)
        #expect(forced.sampled && forced.rate == 1)
        let inherited = TraceSampling.decide(
            forced: nil, sampler: nil, rate: 1, context: context(parentSampled: true), sampleRand: 0.9, downsampleExponent: 5)
        #expect(inherited.sampled && inherited.rate == 1)
    }

    @Test func aStoppedMonitorsNegativeExponentMeansTheFullRate() {
        let decision = TraceSampling.decide(forced: nil, sampler: nil, rate: 0.5, context: context(), sampleRand: 0.4, downsampleExponent: -1)
        #expect(decision.sampled && decision.rate == 0.5 && !decision.droppedByBackpressure)
    }
}
