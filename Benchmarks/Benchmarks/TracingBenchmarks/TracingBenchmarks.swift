// Tracing on the caller's thread: span start + finish, a transaction with 10 child spans (sampled
// and not), the same through swift-distributed-tracing's `withSpan`, and serializing a 100-span
// transaction. The SDK runs its real pipeline into a `NoOpTransport`.
//
// Targets (issue 6): 10-span transaction ≤ 10 µs sampled, ≤ 1 µs unsampled; span start+finish
// ≤ 1 µs (also through `withSpan`); a 100-span transaction serialized ≤ 100 µs.

import Benchmark
import BenchmarkSupport
import Sentry
import SentryIntegrations
import Tracing

func startTracing(rate: Double) {
    SentrySDK.start { options in
        options.dsn = "https://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@sentry.invalid/1"
        options.transport = NoOpTransport()
        options.tracesSampleRate = rate
        options.release = "orders@2.14.3"
        options.defaultIntegrations = false
    }
}

func stopTracing() {
    SentrySDK.close(timeout: .seconds(1))
    Scopes.resetDefaults()
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 10,
        scalingFactor: .kilo, maxDuration: .milliseconds(800), maxIterations: 300)

    for (label, rate) in [("sampled", 1.0), ("unsampled", 0.0)] {
        Benchmark("Span start+finish (\(label), child of a transaction)", configuration: configuration) { benchmark in
            let root = SentrySDK.startTransaction(name: "GET /orders", operation: "http.server")
            for _ in benchmark.scaledIterations {
                root.startChild(operation: "db.query", description: "SELECT 1").finish()
            }
            root.finish()
        } setup: {
            startTracing(rate: rate)
        } teardown: {
            stopTracing()
        }

        Benchmark("Transaction with 10 child spans (\(label))", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                SentrySDK.withSpan(operation: "http.server", name: "GET /orders/:id") { transaction in
                    for _ in 0..<10 { transaction.startChild(operation: "db.query", description: "SELECT 1").finish() }
                }
            }
        } setup: {
            startTracing(rate: rate)
        } teardown: {
            stopTracing()
        }
    }

    let tracer = SentryDistributedTracer()
    Benchmark("swift-distributed-tracing withSpan (sampled child)", configuration: configuration) { benchmark in
        tracer.withSpan("GET /orders", ofKind: .server) { root in
            for _ in benchmark.scaledIterations {
                tracer.withSpan("SELECT", context: root.context, ofKind: .client) { span in
                    span.attributes["db.system.name"] = "postgresql"
                }
            }
        }
    } setup: {
        startTracing(rate: 1)
    } teardown: {
        stopTracing()
    }

    let hundredSpans: Event = {
        var event = Event()
        event.kind = .transaction
        event.transaction = "GET /orders/:id"
        event.startTimestamp = .now()
        let trace = SentryId()
        event.contexts.trace = TraceContext(traceId: trace, spanId: SpanId(), op: "http.server", status: .ok)
        event.spans = (0..<100).map { index in
            SpanRecord(
                traceId: trace, spanId: SpanId(), parentSpanId: SpanId(), op: "db.query",
                description: "SELECT * FROM orders WHERE id = $\(index)", status: .ok, startTimestamp: .now(),
                timestamp: .now(), origin: "manual", data: ["db.system": "postgresql"])
        }
        return event
    }()
    Benchmark("100-span transaction serialized (envelope)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Envelope(event: hundredSpans).serialize())
        }
    }
}
