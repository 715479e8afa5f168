import SentryCore
import SentryTesting
import SentryTransport
import Testing

@testable import SentryTracing

@Suite struct SamplingTests {
    func tracer(_ configure: (inout Options) -> Void) -> SentryTracer {
        var options = Options()
        configure(&options)
        return SentryTracer(options: options, publicKey: "k", recorder: ClientReportRecorder(), sink: CollectingSink())
    }

    func context(parentSampled: Bool? = nil) -> SamplingContext {
        SamplingContext(name: "t", operation: "op", parentSampled: parentSampled, parentSampleRate: nil, data: [:])
    }

    @Test func theDecisionComparesSampleRandBelowTheRate() {
        for rand in stride(from: 0.0, to: 1.0, by: 0.05) {
            let decision = TraceSampling.decide(forced: nil, sampler: nil, rate: 0.3, context: context(), sampleRand: rand)
            #expect(decision.sampled == (rand < 0.3))
            #expect(decision.rate == 0.3)
        }
    }

    /// Literal boundaries: `sample_rand < rate`, never `<=`.
    @Test(arguments: [
        (0.25, 0.25, false), (0.2499999, 0.25, true), (0.0, 0.0, false), (0.0, 1e-9, true), (0.9999999, 1.0, true),
        (0.5, 0.5, false),
    ])
    func sampleRandExactlyAtTheRateIsNotSampled(_ rand: Double, _ rate: Double, _ expected: Bool) {
        #expect(TraceSampling.decide(forced: nil, sampler: nil, rate: rate, context: context(), sampleRand: rand).sampled == expected)
        let sampler: @Sendable (SamplingContext) -> Double? = { _ in rate }
        #expect(TraceSampling.decide(forced: nil, sampler: sampler, rate: nil, context: context(), sampleRand: rand).sampled == expected)
    }

    @Test func precedenceIsForcedThenSamplerThenParentThenRate() {
        let always: @Sendable (SamplingContext) -> Double? = { _ in 1 }
        let never: @Sendable (SamplingContext) -> Double? = { _ in 0 }
        let abstain: @Sendable (SamplingContext) -> Double? = { _ in nil }
        #expect(TraceSampling.decide(forced: false, sampler: always, rate: 1, context: context(), sampleRand: 0).sampled == false)
        #expect(TraceSampling.decide(forced: nil, sampler: never, rate: 1, context: context(parentSampled: true), sampleRand: 0).sampled == false)
        #expect(TraceSampling.decide(forced: nil, sampler: abstain, rate: 0, context: context(parentSampled: true), sampleRand: 0.9).sampled)
        #expect(TraceSampling.decide(forced: nil, sampler: nil, rate: 0, context: context(parentSampled: true), sampleRand: 0.9).sampled)
        #expect(!TraceSampling.decide(forced: nil, sampler: nil, rate: 1, context: context(parentSampled: false), sampleRand: 0).sampled)
        #expect(TraceSampling.decide(forced: nil, sampler: nil, rate: nil, context: context(parentSampled: true), sampleRand: 0).rate == nil)
        let weird: @Sendable (SamplingContext) -> Double? = { _ in .nan }
        #expect(!TraceSampling.decide(forced: nil, sampler: weird, rate: 1, context: context(), sampleRand: 0).sampled)
    }

    @Test func theSamplerSeesTheTransaction() {
        let seen = Locked<[String]>([])
        let tracer = tracer { options in
            options.tracesSampler = { context in
                seen.withLock { $0.append("\(context.name)|\(context.operation)|\(context.data["route"]?.stringValue ?? "")") }
                return context.name.hasPrefix("GET /health") ? 0 : 1
            }
        }
        let health = tracer.startSpan(SpanStart(operation: "http.server", name: "GET /health", data: ["route": "/health"]), parent: nil, propagation: { PropagationContext() })
        let users = tracer.startSpan(SpanStart(operation: "http.server", name: "GET /users"), parent: nil, propagation: { PropagationContext() })
        #expect(health.sampled == false)
        #expect(users.sampled == true)
        #expect(seen.withLock { $0 } == ["GET /health|http.server|/health", "GET /users|http.server|"])
    }

    /// 10,000 independent traces at 0.25: the share sampled stays within 5 standard deviations.
    @Test func theSampledShareMatchesTheRate() {
        let tracer = tracer { $0.tracesSampleRate = 0.25 }
        var sampled = 0
        for _ in 0..<10_000 where tracer.startSpan(SpanStart(operation: "op"), parent: nil, propagation: { PropagationContext() }).isSampled {
            sampled += 1
        }
        #expect(abs(sampled - 2_500) < 5 * 43)  // σ = √(10000 · 0.25 · 0.75) ≈ 43
    }

    /// One scope's propagation context for every transaction, as a worker loop without incoming
    /// traces has: each transaction still starts a trace of its own and is sampled on its own.
    @Test func transactionsThatContinueNoTraceAreEachSampledOnTheirOwn() {
        let tracer = tracer { $0.tracesSampleRate = 0.5 }
        let scopes = PropagationContext()
        var traces = Set<SentryId>()
        var sampled = 0
        for _ in 0..<1_000 {
            let root = tracer.startSpan(SpanStart(operation: "job"), parent: nil, propagation: { scopes })
            traces.insert(root.traceId)
            if root.isSampled { sampled += 1 }
        }
        #expect(traces.count == 1_000)
        #expect(!traces.contains(scopes.traceId))
        #expect(abs(sampled - 500) < 5 * 16)  // σ = √(1000 · 0.5 · 0.5) ≈ 16
        // A continued trace keeps the upstream's trace id and sample_rand.
        let upstream = PropagationContext(
            traceId: SentryId(), parentSpanId: SpanId(), parentSampled: nil, sampleRand: 0.9, dynamicSamplingContext: nil)
        let continued = tracer.startSpan(SpanStart(operation: "job"), parent: nil, propagation: { upstream })
        #expect(continued.traceId == upstream.traceId)
        #expect(!continued.isSampled)
    }

    @Test func childrenFollowTheirRootsDecision() {
        let tracer = tracer { $0.tracesSampleRate = 0.5 }
        for _ in 0..<200 {
            let root = tracer.startSpan(SpanStart(operation: "op"), parent: nil, propagation: { PropagationContext() })
            let child = tracer.startSpan(SpanStart(operation: "child"), parent: root, propagation: { PropagationContext() })
            #expect(child.sampled == root.sampled)
            #expect(child.traceId == root.traceId)
        }
    }

    @Test func theDSCIsConsistentWithTheDecision() throws {
        let tracer = tracer {
            $0.tracesSampleRate = 0.4
            $0.release = "r@1"
            $0.environment = "prod"
        }
        for _ in 0..<200 {
            let root = tracer.startSpan(SpanStart(operation: "op", name: "tx"), parent: nil, propagation: { PropagationContext() })
            let dsc = try #require(root.dynamicSamplingContext)
            let rand = try #require(dsc.sampleRand.flatMap(Double.init))
            #expect((rand < 0.4) == root.isSampled)
            #expect(dsc.sampled == (root.isSampled ? "true" : "false"))
            #expect(dsc.sampleRate == "0.4")
            #expect(dsc.sampleRand?.count == 8)
            #expect(dsc.transaction == "tx")
        }
    }
}
