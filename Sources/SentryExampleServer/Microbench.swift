#if Hummingbird && AsyncHTTPClient
package import SentryCore

/// Times the pieces of the middleware's per-request work in this process (release build),
/// `SENTRY_EXAMPLE_MICROBENCH=1`: the whole shared handler, then each step alone.
func measureRequestPath() async {
    let iterations = 100_000
    let request = HTTPServerRequest(
        method: "GET", scheme: "http", host: "127.0.0.1:8080", path: "/hello",
        headers: [(name: "host", value: "127.0.0.1:8080"), (name: "user-agent", value: "wrk")])
    let instrumentation = HTTPServerInstrumentation(framework: "hummingbird", failedStatusCodes: [500...599])
    func time(_ label: String, _ body: () async -> Void) async {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<iterations { await body() }
        let elapsed = clock.now - start
        let nanos = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        print("\(label): \(Int(nanos / Double(iterations))) ns per request")
    }
    await time("whole handler") {
        _ = try? await instrumentation.handle(
            request, next: { "hello" }, status: { _ in 200 }, route: { "/hello" }, errorStatus: { _ in 500 })
    }
    await time("withRequestSession {}") { await SentrySDK.withRequestSession { _ in } }
    await time("withIsolationScope {}") { await SentrySDK.withIsolationScope { _ in } }
    await time("continueTrace([:])") { SentrySDK.continueTrace(headers: [:]) }
    await time("SentrySDK.options") { _ = SentrySDK.options }
    await time("startSpan transaction + finish") {
        let span = SentrySDK.startSpan(
            SpanStart(operation: "http.server", name: "/hello", origin: "auto.http.hummingbird", source: .url,
                      data: ["http.request.method": .string("GET")], startsTransaction: true))
        span.finish()
    }
    await time("addEventProcessor") {
        Scopes.isolation.configure { $0.addEventProcessor(ClosureEventProcessor { event, _ in event }) }
    }
}
#endif
