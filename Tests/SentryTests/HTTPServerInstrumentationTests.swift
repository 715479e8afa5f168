import Synchronization
import Testing

@testable import SentryCore
import SentryTesting

/// The shared server-middleware path runs the handler exactly once, with an SDK or without.
/// The no-SDK case uninstalls the global hub, so these run in ``StartTests``.
extension StartTests {
    @Suite struct HTTPServerInstrumentationTests {
        struct Failed: Error {}
        let instrumentation = HTTPServerInstrumentation(framework: "test", failedStatusCodes: [500...599])
        let request = HTTPServerRequest(method: "GET", scheme: "http", host: "127.0.0.1", path: "/orders/7")

        @Test func withoutAnSDKTheHandlerRunsOnceAndItsResponseIsReturned() async throws {
            SentrySDK.uninstall()
            let runs = Atomic<Int>(0)
            let response = try await instrumentation.handle(
                request, next: { runs.add(1, ordering: .relaxed); return "ok" }, status: { _ in 200 },
                route: { "/orders/:id" }, errorStatus: { _ in 500 })
            #expect(response == "ok")
            #expect(runs.load(ordering: .relaxed) == 1)
        }

        @Test func withAnSDKTheHandlerRunsOnceAndItsErrorIsRethrownAndCaptured() async throws {
            let runs = Atomic<Int>(0)
            let captured = await withCapturedEvents(configure: { $0.tracesSampleRate = 1 }) {
                let response = try? await instrumentation.handle(
                    request, next: { runs.add(1, ordering: .relaxed); return "ok" }, status: { _ in 200 },
                    route: { "/orders/:id" }, errorStatus: { _ in 500 })
                #expect(response == "ok")
                await #expect(throws: Failed.self) {
                    _ = try await instrumentation.handle(
                        request, next: { () async throws -> String in runs.add(1, ordering: .relaxed); throw Failed() },
                        status: { _ in 200 }, route: { "/orders/:id" }, errorStatus: { _ in 500 })
                }
            }
            #expect(runs.load(ordering: .relaxed) == 2)
            #expect(captured.events.count == 1)
            #expect(captured.transactions.compactMap { $0["transaction"]?.stringValue } == ["/orders/:id", "/orders/:id"])
        }
    }
}
