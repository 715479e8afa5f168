// AI monitoring on the caller's thread: a chat span with its response and token usage
// recorded, a synchronous tool span, and a streamed response of 20 chunks, each sampled,
// unsampled and with no SDK started. The SDK runs its real pipeline into a `NoOpTransport`.
//
// Target (issue 16): an AI span with usage recorded ≤ 2 µs on the caller; nothing when tracing is off.

import Benchmark
import BenchmarkSupport
import Sentry
import SentryAI

func startAI(rate: Double?) {
    SentrySDK.start { options in
        options.dsn = "https://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@sentry.invalid/1"
        options.transport = NoOpTransport()
        options.tracesSampleRate = rate
        options.release = "agents@1.0.0"
        options.defaultIntegrations = false
    }
}

func stopAI() {
    SentrySDK.close(timeout: .seconds(1))
    Scopes.resetDefaults()
}

/// Twenty chunks, delivered without suspending (so only the tracing's cost is measured).
struct Chunks: AsyncSequence, Sendable {
    typealias Element = Int
    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        mutating func next() async -> Int? {
            defer { index += 1 }
            return index < 20 ? index : nil
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
}

let response = AIResponse(
    id: "chatcmpl-1", model: "gpt-4o-2024-08-06", finishReasons: ["stop"],
    usage: AIUsage(inputTokens: 120, cachedInputTokens: 20, outputTokens: 48, reasoningTokens: 8))
let referenceKeys = (0..<19).map { "gen_ai.reference.key_\($0)" }
let weatherTool = AIToolDefinition(name: "get_weather", description: "Weather for a city")

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 10,
        scalingFactor: .kilo, maxDuration: .milliseconds(800), maxIterations: 300)

    for (label, rate) in [("sampled", 1.0), ("unsampled", 0.0), ("tracing off", nil), ("no SDK", -1.0)] as [(String, Double?)] {
        let setup: () -> Void = { if rate != -1 { startAI(rate: rate) } }
        let teardown: () -> Void = { if rate != -1 { stopAI() } }

        Benchmark("AI chat span + response with usage (\(label))", configuration: configuration) { benchmark in
            let root = SentrySDK.startTransaction(name: "agent run", operation: "task")
            await Scopes.withActiveSpan(root) {
                for _ in benchmark.scaledIterations {
                    await SentrySDK.withAIClientSpan(AIRequest(provider: "openai", model: "gpt-4o", maxTokens: 512, temperature: 0.2)) { span in
                        span.record(response)
                    }
                }
            }
            // Sending the transaction (with up to 1,000 spans) is the transport's work, not the caller's.
            benchmark.stopMeasurement()
            root.finish()
        } setup: { setup() } teardown: { teardown() }

        Benchmark("AI tool span, synchronous (\(label))", configuration: configuration) { benchmark in
            let root = SentrySDK.startTransaction(name: "agent run", operation: "task")
            Scopes.withActiveSpan(root) {
                for _ in benchmark.scaledIterations {
                    blackHole(SentrySDK.withToolSpan(weatherTool, arguments: ["city": "Paris"]) { _ in 21 })
                }
            }
            // Sending the transaction (with up to 1,000 spans) is the transport's work, not the caller's.
            benchmark.stopMeasurement()
            root.finish()
        } setup: { setup() } teardown: { teardown() }

        Benchmark("AI streamed response, 20 chunks with usage (\(label))", configuration: configuration) { benchmark in
            let root = SentrySDK.startTransaction(name: "agent run", operation: "task")
            await Scopes.withActiveSpan(root) {
                for _ in benchmark.scaledIterations {
                    let stream = SentrySDK.traceAIStream(AIRequest(provider: "openai", model: "gpt-4o"), Chunks()) {
                        AIStreamChunk(text: "tok", usage: $0 == 19 ? AIUsage(inputTokens: 120, outputTokens: 20) : nil)
                    }
                    var sum = 0
                    for await value in stream { sum += value }
                    blackHole(sum)
                }
            }
            // Sending the transaction (with up to 1,000 spans) is the transport's work, not the caller's.
            benchmark.stopMeasurement()
            root.finish()
        } setup: { setup() } teardown: { teardown() }
    }

    Benchmark("Reference: child span with 13 attributes at start and 6 set after (sampled)", configuration: configuration) { benchmark in
        let root = SentrySDK.startTransaction(name: "agent run", operation: "task")
        for _ in benchmark.scaledIterations {
            var data = [String: JSONValue](minimumCapacity: 24)
            for key in referenceKeys.prefix(13) { data[key] = "value" }
            let span = SentrySDK.startSpan(SpanStart(operation: "gen_ai.chat", name: "chat gpt-4o", parent: root, data: data))
            for key in referenceKeys.suffix(6) { span.setData(.int(42), forKey: key) }
            span.finish()
        }
        benchmark.stopMeasurement()
        root.finish()
    } setup: { startAI(rate: 1) } teardown: { stopAI() }

    Benchmark("Reference: child span with no attributes (sampled)", configuration: configuration) { benchmark in
        let root = SentrySDK.startTransaction(name: "agent run", operation: "task")
        for _ in benchmark.scaledIterations {
            SentrySDK.startSpan(SpanStart(operation: "gen_ai.chat", name: "chat gpt-4o", parent: root)).finish()
        }
        benchmark.stopMeasurement()
        root.finish()
    } setup: { startAI(rate: 1) } teardown: { stopAI() }

    Benchmark("Plain iteration of the same 20 chunks (reference)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var sum = 0
            for await value in Chunks() { sum += value }
            blackHole(sum)
        }
    }
}
