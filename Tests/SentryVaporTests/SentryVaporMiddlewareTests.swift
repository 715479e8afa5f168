#if Vapor
import Sentry
import SentryCore
import SentryInbox
import SentryVapor
import Testing
import Vapor
import VaporTesting

struct OrderFailed: Error {}

/// What the inbox received: parsed payloads by item type.
struct Received {
    let payloads: [(type: String, json: JSONValue)]
    func of(_ type: String) -> [JSONValue] { payloads.filter { $0.type == type }.map(\.json) }
}

/// Runs `body` against a started SDK (Vapor runs handlers in tasks of its own, so the SDK is
/// process-wide here, sending to an in-process inbox) and a Vapor app on 127.0.0.1.
func withVaporApp(
    pii: Bool = false, expecting count: Int, _ body: (any TestingApplicationTester) async throws -> Void
) async throws -> Received {
    let inbox = try InboxServer()
    defer { inbox.stop() }
    SentrySDK.start { options in
        options.dsn = inbox.dsn
        options.release = "vapor-test@1.0"
        options.tracesSampleRate = 1
        options.sendDefaultPii = pii
        options.enableDiskSpool = false
    }
    do {
        try await withApp(configure: { app in
            app.middleware.use(SentryMiddleware())
            app.get("hello") { _ in "hello" }
            app.get("users", ":id") { request -> String in
                let id = request.parameters.get("id") ?? ""
                if id == "0" { throw OrderFailed() }
                if id == "missing" { throw Abort(.notFound) }
                return "user \(id)"
            }
            app.post("echo") { request -> String in request.body.string ?? "" }
            app.get("sync-work") { _ -> String in
                SentrySDK.capture(message: "sync inside")
                return "done"
            }
            app.get("async-work") { _ async throws -> String in
                try await SentrySDK.withSpan(operation: "work.step") { _ in try await Task.sleep(for: .milliseconds(1)) }
                SentrySDK.capture(message: "async inside")
                return "done"
            }
        }) { app in
            try await body(try app.testing(method: .running(hostname: "127.0.0.1", port: 0)))
        }
    } catch {
        SentrySDK.close()
        throw error
    }
    SentrySDK.close(timeout: .seconds(5))
    let envelopes = inbox.waitForEnvelopes(count: count, timeout: .seconds(5))
    return Received(
        payloads: envelopes.flatMap(\.items).compactMap { item in
            (try? JSONValue.parse(item.payload)).map { (item.header.type.rawValue, $0) }
        })
}

@Suite(.serialized) struct SentryVaporMiddlewareTests {
    @Test func transactionNamedByRouteWithTheContinuedTraceAndRequest() async throws {
        let traceId = "4bf92f3577b34da6a3ce929d0e0e4736"
        let received = try await withVaporApp(expecting: 1) { app in
            try await app.test(
                .GET, "users/7?tab=orders",
                headers: ["sentry-trace": "\(traceId)-00f067aa0ba902b7-1", "Cookie": "sid=1", "X-Custom": "yes"]
            ) { response in
                #expect(response.status == .ok)
            }
        }
        let transaction = try #require(received.of("transaction").first)
        #expect(transaction["transaction"]?.stringValue == "/users/:id")
        #expect(transaction["transaction_info"]?["source"]?.stringValue == "route")
        let trace = transaction["contexts"]?["trace"]
        #expect(trace?["op"]?.stringValue == "http.server")
        #expect(trace?["origin"]?.stringValue == "auto.http.vapor")
        #expect(trace?["trace_id"]?.stringValue == traceId)
        #expect(trace?["data"]?["http.response.status_code"]?.intValue == 200)
        let request = transaction["request"]
        #expect(request?["method"]?.stringValue == "GET")
        #expect(request?["url"]?.stringValue?.hasSuffix("/users/7") == true)
        #expect(request?["query_string"]?.stringValue == "tab=orders")
        #expect(request?["headers"]?["X-Custom"]?.stringValue == "yes")
        #expect(request?["headers"]?["Cookie"] == nil)
        #expect(request?["cookies"] == nil)
    }

    /// A synchronous route runs on the event loop with no task and an async route in a task
    /// Vapor creates: both see the request's scopes and transaction.
    @Test func syncAndAsyncRoutesRunInsideTheRequestsScopes() async throws {
        let received = try await withVaporApp(expecting: 4) { app in
            try await app.test(.GET, "sync-work") { #expect($0.status == .ok) }
            try await app.test(.GET, "async-work") { #expect($0.status == .ok) }
        }
        for route in ["sync", "async"] {
            let event = try #require(received.of("event").first { $0["logentry"]?["formatted"]?.stringValue == "\(route) inside" })
            let transaction = try #require(received.of("transaction").first { $0["transaction"]?.stringValue == "/\(route)-work" })
            #expect(event["request"]?["url"]?.stringValue?.hasSuffix("/\(route)-work") == true)
            #expect(event["transaction"]?.stringValue == "/\(route)-work")
            let traceId = transaction["contexts"]?["trace"]?["trace_id"]?.stringValue
            #expect(traceId != nil)
            #expect(event["contexts"]?["trace"]?["trace_id"]?.stringValue == traceId)
            #expect(event["contexts"]?["trace"]?["span_id"] == transaction["contexts"]?["trace"]?["span_id"])
        }
        let asyncTransaction = received.of("transaction").first { $0["transaction"]?.stringValue == "/async-work" }
        let step = asyncTransaction?["spans"]?.arrayValue?.first { $0["op"]?.stringValue == "work.step" }
        #expect(step?["parent_span_id"] == asyncTransaction?["contexts"]?["trace"]?["span_id"])
    }

    @Test func bodyAndCookiesWithSendDefaultPii() async throws {
        let received = try await withVaporApp(pii: true, expecting: 1) { app in
            try await app.test(
                .POST, "echo", headers: ["Content-Type": "application/json", "Cookie": "theme=dark"],
                body: ByteBuffer(string: #"{"item":"book"}"#)
            ) { response in
                #expect(response.body.string == #"{"item":"book"}"#)
            }
        }
        let request = try #require(received.of("transaction").first?["request"])
        #expect(request["data"]?["item"]?.stringValue == "book")
        #expect(request["cookies"]?["theme"]?.stringValue == "dark")
        #expect(request["env"]?["REMOTE_ADDR"]?.stringValue == "127.0.0.1")
    }

    @Test func oneUnhandledErrorForA500NoneForA404AndSessions() async throws {
        let received = try await withVaporApp(expecting: 5) { app in
            try await app.test(.GET, "users/0") { #expect($0.status == .internalServerError) }
            try await app.test(.GET, "users/missing") { #expect($0.status == .notFound) }
            try await app.test(.GET, "nowhere") { #expect($0.status == .notFound) }
            try await app.test(.GET, "hello") { #expect($0.status == .ok) }
        }
        let events = received.of("event")
        #expect(events.count == 1)
        let exception = events.first?["exception"]?["values"]?.arrayValue?.last
        #expect(exception?["type"]?.stringValue?.hasSuffix("OrderFailed") == true)
        #expect(exception?["mechanism"]?["type"]?.stringValue == "vapor")
        #expect(exception?["mechanism"]?["handled"] == .bool(false))
        #expect(events.first?["request"]?["url"]?.stringValue?.hasSuffix("/users/0") == true)
        let unmatched = received.of("transaction").first { $0["request"]?["url"]?.stringValue?.hasSuffix("/nowhere") == true }
        #expect(unmatched?["transaction"]?.stringValue == "/nowhere")
        #expect(unmatched?["transaction_info"]?["source"]?.stringValue == "url")
        var counts: [String: Int64] = [:]
        for payload in received.of("sessions") {
            for aggregate in payload["aggregates"]?.arrayValue ?? [] {
                for key in ["exited", "errored", "crashed"] { counts[key, default: 0] += aggregate[key]?.intValue ?? 0 }
            }
        }
        #expect(counts == ["exited": 3, "errored": 0, "crashed": 1])
    }
}
#endif
