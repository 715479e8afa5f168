// The SDK's hot paths, each run a given number of times inside one function that
// `Scripts/bench-instructions.sh` hands to `valgrind --tool=callgrind --toggle-collect`: the
// instructions counted there, divided by the iterations, are the caller's cost of one call. Unlike
// times, these counts repeat exactly from run to run and machine to machine.
//
//   HotPaths                 # lists the paths
//   HotPaths <path> <count>  # sets the path up, warms it, runs it <count> times, prints ns/call
//   HotPaths dump-large-event  # the ~10 KB event of serialize-10kb-event as JSON (for peers)

import BenchmarkSupport
import Foundation
import Logging
import Sentry
import SentryCore
import SentryAI
import SentryIntegrations
import SentryTransport
import Tracing

/// The measured loop. Its symbol is what callgrind toggles collection on; never inlined.
@inline(never) @_silgen_name("sentry_hot_path_measured")
func measured(_ iterations: Int, _ body: (Int) -> Void) {
    for index in 0..<iterations { body(index) }
}

/// Keeps a value alive and opaque to the optimizer.
@inline(never) func keep<T>(_ value: T) { withExtendedLifetime(value) {} }

func start(rate: Double? = nil, logs: Bool = false, integrations: Bool = true, throwSites: Bool = true) {
    SentrySDK.start { options in
        options.dsn = "https://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@sentry.invalid/1"
        options.transport = NoOpTransport()
        options.tracesSampleRate = rate
        options.enableLogs = logs
        options.release = "orders@2.14.3"
        options.environment = "production"
        options.defaultIntegrations = integrations
        options.captureThrowSites = throwSites
    }
}

struct LookupFailed: Error { var key: Int }

@inline(never) func nested(_ depth: Int, key: Int) throws -> Int {
    if depth == 0 { throw LookupFailed(key: key) }
    return try nested(depth - 1, key: key) + 1
}

/// A hot path: what runs once before measuring, and the call measured.
struct HotPath {
    var setUp: () -> Void = {}
    var call: (Int) -> Void
}

/// An async call measured on the calling thread: `Task.immediate` runs it there until its
/// first suspension, and the AI helpers measured this way never suspend. (A path that does
/// suspend, as `withRequestSession`'s async form did under valgrind, is counted only up to
/// there: check that its profile holds the work.)
func synchronously(_ body: @escaping @MainActor (Int) async -> Void) -> (Int) -> Void {
    { index in MainActor.assumeIsolated { _ = Task.immediate { await body(index) } } }
}

let orderId = "8f3c2a"
let breadcrumb = Breadcrumb(message: "SELECT * FROM orders WHERE id = $1", category: "query", level: .info)
let logger = Logger(label: "orders") { SentryLogHandler(label: $0) }
let tracer = SentryDistributedTracer()
let largeEvent = Fixtures.largeErrorEvent()
let weatherTool = AIToolDefinition(name: "get_weather", description: "Weather for a city")
let chatResponse = AIResponse(
    id: "chatcmpl-1", model: "gpt-4o-2024-08-06", finishReasons: ["stop"],
    usage: AIUsage(inputTokens: 120, cachedInputTokens: 20, outputTokens: 48, reasoningTokens: 8))
let referenceKeys = (0..<19).map { "gen_ai.reference.key_\($0)" }
nonisolated(unsafe) var root: (any SentryCore.Span)?

/// The transaction the child-span paths add to, sent and replaced every 500 calls so the
/// measured children stay below `maxSpans` (1,000) and are recorded, not dropped.
func currentRoot(_ index: Int) -> any SentryCore.Span {
    if index % 500 == 0 || root == nil {
        root?.finish()
        root = SentrySDK.startTransaction(name: "agent run", operation: "task")
    }
    return root!
}
nonisolated(unsafe) var parent: (any Tracing.Span)?
/// The delivery path's transport, sink and envelopes.
nonisolated(unsafe) var delivery: (transport: CurlTransport, sink: MinimalSink, envelopes: [Envelope])?

/// Each call queues one envelope; every 1,000th waits until the transport delivered them all.
func deliveryPath(level: Int) -> HotPath {
    HotPath(
        setUp: { startDelivery(level: level) },
        call: { index in
            delivery!.transport.send(delivery!.envelopes[index % 1_000])
            if index % 1_000 == 999 { _ = delivery!.transport.flush(timeout: .seconds(30)) }
        })
}

/// A transport posting ~2 KB error envelopes (gzip `level`) to a minimal sink on 127.0.0.1.
func startDelivery(level: Int) {
    let sink = MinimalSink()
    var configuration = TransportConfiguration(dsn: try! Dsn(sink.dsn))
    configuration.queueCapacity = 10_000
    configuration.compressionLevel = level
    configuration.sendClientReports = false
    if let inFlight = ProcessInfo.processInfo.environment["IN_FLIGHT"].flatMap(Int.init) { configuration.maxRequestsInFlight = inFlight }
    delivery = (CurlTransport(configuration: configuration), sink, (0..<1_000).map { _ in Envelope(event: Fixtures.smallErrorEvent()) })
}

let paths: KeyValuePairs<String, HotPath> = [
    // Delivery (the worker's work is on its own thread: profile it with perf, not callgrind):
    // each call queues one envelope; every 1,000th waits until the sink has them all.
    "deliver-minimal-sink-gzip": deliveryPath(level: 6),
    "deliver-minimal-sink-gzip1": deliveryPath(level: 1),
    "deliver-minimal-sink-plain": deliveryPath(level: 0),
    "start": HotPath(call: { _ in start() }),
    // What an app's start costs its caller with the real transport (libcurl), to a port nothing serves.
    "start-with-curl-transport": HotPath(call: { _ in
        SentrySDK.start { options in
            options.dsn = "http://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@127.0.0.1:9/1"
            options.release = "orders@2.14.3"
        }
    }),
    "add-breadcrumb": HotPath(setUp: { start() }, call: { _ in SentrySDK.addBreadcrumb(breadcrumb) }),
    "fork-set-tag": HotPath(setUp: { start() }, call: { index in
        Scopes.withScope { $0.setTag("checkout", forKey: index & 1 == 0 ? "flow.a" : "flow.b") }
    }),
    "capture-message": HotPath(setUp: { start() }, call: { _ in keep(SentrySDK.capture(message: "order failed")) }),
    "capture-thrown-error": HotPath(setUp: { start() }, call: { index in
        do { keep(try nested(10, key: index)) } catch { keep(SentrySDK.capture(error: error)) }
    }),
    "throw-catch": HotPath(setUp: { start() }, call: { index in
        do { keep(try nested(10, key: index)) } catch { keep(error) }
    }),
    "logger-info": HotPath(setUp: { start(logs: true) }, call: { _ in
        SentrySDK.logger.info("Order \(orderId) placed", attributes: ["cart.items": Attribute(.int(3))])
    }),
    "metrics-count": HotPath(setUp: { start() }, call: { _ in
        SentrySDK.metrics.count(key: "orders.placed", attributes: ["region": Attribute(.string("eu"))])
    }),
    "swift-log-below-level": HotPath(setUp: { start() }, call: { _ in
        logger.debug("cache lookup", metadata: ["key": "order"])
    }),
    "transaction-10-spans-unsampled": HotPath(setUp: { start(rate: 0, integrations: false) }, call: { _ in
        SentrySDK.withSpan(operation: "http.server", name: "GET /orders/:id") { transaction in
            for _ in 0..<10 { transaction.startChild(operation: "db.query", description: "SELECT 1").finish() }
        }
    }),
    // The unsampled transaction a server middleware starts per request at tracesSampleRate 0.
    "transaction-unsampled": HotPath(setUp: { start(rate: 0, integrations: false) }, call: { _ in
        let transaction = SentrySDK.startSpan(
            SpanStart(operation: "http.server", name: "/hello", origin: "auto.http.hummingbird", source: .url,
                      startsTransaction: true))
        transaction.setStatus(.ok)
        transaction.finish()
    }),
    // The forked isolation scope and request session a server middleware opens per request.
    "request-session": HotPath(setUp: { start(rate: 0) }, call: { _ in
        SentrySDK.withRequestSession { scope in
            SentrySDK.continueTrace(headers: [:])
            scope.configure { $0.transactionName = "/hello" }
        }
    }),
    "transaction-10-spans-sampled": HotPath(setUp: { start(rate: 1, integrations: false) }, call: { _ in
        SentrySDK.withSpan(operation: "http.server", name: "GET /orders/:id") { transaction in
            for _ in 0..<10 { transaction.startChild(operation: "db.query", description: "SELECT 1").finish() }
        }
    }),
    "distributed-tracing-with-span": HotPath(
        setUp: {
            start(rate: 1, integrations: false)
            parent = tracer.startSpan("GET /orders", ofKind: .server)
        },
        call: { _ in
            tracer.withSpan("SELECT", context: parent!.context, ofKind: .client) { span in
                span.attributes["db.system.name"] = "postgresql"
            }
        }),
    "child-span-no-attributes": HotPath(
        setUp: { start(rate: 1, integrations: false) },
        call: { index in
            SentrySDK.startSpan(SpanStart(operation: "gen_ai.chat", name: "chat gpt-4o", parent: currentRoot(index))).finish()
        }),
    "child-span-19-attributes": HotPath(
        setUp: { start(rate: 1, integrations: false) },
        call: { index in
            let root = currentRoot(index)
            var data = [String: JSONValue](minimumCapacity: 24)
            for key in referenceKeys.prefix(13) { data[key] = "value" }
            let span = SentrySDK.startSpan(SpanStart(operation: "gen_ai.chat", name: "chat gpt-4o", parent: root, data: data))
            for key in referenceKeys.suffix(6) { span.setData(.int(42), forKey: key) }
            span.finish()
        }),
    "serialize-10kb-event": HotPath(call: { _ in keep(Envelope(event: largeEvent).serialize()) }),
    "ai-tool-span-sampled": HotPath(
        setUp: { start(rate: 1, integrations: false) },
        call: { index in
            Scopes.withActiveSpan(currentRoot(index)) {
                keep(SentrySDK.withToolSpan(weatherTool, arguments: ["city": "Paris"]) { _ in 21 })
            }
        }),
    // What `synchronously` itself costs (a task made and run per call): subtract it from the async paths.
    "async-call-baseline": HotPath(call: synchronously { index in keep(index) }),
    // The same with the parent transaction bound (what ai-chat-span-sampled does around the span).
    "async-call-active-span-baseline": HotPath(
        setUp: { start(rate: 1, integrations: false) },
        call: synchronously { index in await Scopes.withActiveSpan(currentRoot(index)) { keep(index) } }),
    "ai-chat-span-sampled": HotPath(
        setUp: { start(rate: 1, integrations: false) },
        call: synchronously { index in
            await Scopes.withActiveSpan(currentRoot(index)) {
                await SentrySDK.withAIClientSpan(AIRequest(provider: "openai", model: "gpt-4o", maxTokens: 512, temperature: 0.2)) { span in
                    span.record(chatResponse)
                }
            }
        }),
    // Tracing off (no traces sample rate): the transaction is a no-op, the AI span should cost nothing.
    "ai-tool-span-tracing-off": HotPath(
        setUp: {
            start(integrations: false)
            root = SentrySDK.startTransaction(name: "agent run", operation: "task")
        },
        call: { _ in
            Scopes.withActiveSpan(root!) {
                keep(SentrySDK.withToolSpan(weatherTool, arguments: ["city": "Paris"]) { _ in 21 })
            }
        }),
]

let arguments = CommandLine.arguments.dropFirst()
if arguments == ["dump-large-event"] {
    // The ~10 KB event of "serialize-10kb-event" as JSON, for peers that serialize the same event.
    print(String(decoding: EnvelopeItem(event: largeEvent).payload, as: UTF8.self))
    exit(0)
}
guard arguments.count == 2, let path = paths.first(where: { $0.key == arguments.first })?.value,
      let iterations = Int(arguments.last!), iterations > 0 else {
    print("usage: HotPaths <path> <iterations>; paths: \(paths.map(\.key).joined(separator: " "))")
    exit(arguments.isEmpty ? 0 : 64)
}
path.setUp()
// Warm caches (symbols, lazy tables, first allocations) unless the path is the first call itself.
// Then send what the warm-up queued, so the measured calls (at most 900 of the logs and metrics
// paths) never meet a full buffer, however the background thread is scheduled (under valgrind
// it may not run at all meanwhile).
if arguments.first?.hasPrefix("start") != true {
    for index in 0..<min(iterations, 100) { path.call(index) }
    _ = SentrySDK.flush(timeout: .seconds(2))
}
let began = ContinuousClock.now
measured(iterations, path.call)
let elapsed = ContinuousClock.now - began
let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
// Wall time per call (meaningless under valgrind, where only the instruction count holds).
print("\(arguments.first!): \(Int((nanoseconds / Double(iterations)).rounded())) ns/call over \(iterations) calls")
SentrySDK.close(timeout: .seconds(2))
