#if Hummingbird
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import SentryCore
import SentryHummingbird
import SentryTesting
import Testing

struct UserNotFound: Error {}

/// A context that knows the client's address (Hummingbird's `RemoteAddressRequestContext`).
struct AddressedContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// A Hummingbird app with the middleware, served on 127.0.0.1 by HummingbirdTesting's live client.
func makeApp() -> some ApplicationProtocol {
    let router = Router(context: AddressedContext.self)
    router.add(middleware: SentryMiddleware())
    router.get("/hello") { _, _ in "hello" }
    router.get("/users/{id}") { _, context -> String in
        let id = try context.parameters.require("id")
        if id == "0" { throw UserNotFound() }
        if id == "missing" { throw HTTPError(.notFound) }
        return "user \(id)"
    }
    router.get("/broken") { _, _ in Response(status: .serviceUnavailable) }
    router.post("/echo") { request, _ -> String in
        let body = try await request.body.collect(upTo: 1 << 16)
        return String(buffer: body)
    }
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

func options(pii: Bool) -> (inout Options) -> Void {
    { options in
        options.tracesSampleRate = 1
        options.release = "app@1.0"
        options.sendDefaultPii = pii
    }
}

@Suite struct SentryMiddlewareTests {
    @Test func transactionIsNamedByRouteAndContinuesTheTrace() async throws {
        let traceId = "771a43a4192642f0b136d5159a501700"
        let captured = try await withCapturedEvents(configure: options(pii: false)) {
            try await makeApp().test(.live) { client in
                let response = try await client.execute(
                    uri: "/users/42?page=2", method: .get,
                    headers: [
                        HTTPField.Name("sentry-trace")!: "\(traceId)-b3f0b6a1e2c4d5f6-1",
                        .cookie: "session=abc", .authorization: "Bearer secret", HTTPField.Name("X-Forwarded-For")!: "10.1.2.3",
                        HTTPField.Name("X-Custom")!: "yes",
                    ])
                #expect(response.status == .ok)
            }
        }
        #expect(captured.transactions.count == 1)
        let transaction = try #require(captured.transactions.first)
        #expect(transaction["transaction"]?.stringValue == "/users/{id}")
        #expect(transaction["transaction_info"]?["source"]?.stringValue == "route")
        let trace = transaction["contexts"]?["trace"]
        #expect(trace?["op"]?.stringValue == "http.server")
        #expect(trace?["origin"]?.stringValue == "auto.http.hummingbird")
        #expect(trace?["trace_id"]?.stringValue == traceId)
        #expect(trace?["parent_span_id"]?.stringValue == "b3f0b6a1e2c4d5f6")
        #expect(trace?["status"]?.stringValue == "ok")
        #expect(trace?["data"]?["http.response.status_code"]?.intValue == 200)
        #expect(trace?["data"]?["http.route"]?.stringValue == "/users/{id}")
        let request = transaction["request"]
        #expect(request?["method"]?.stringValue == "GET")
        #expect(request?["url"]?.stringValue?.hasSuffix("/users/42") == true)
        #expect(request?["url"]?.stringValue?.hasPrefix("http://") == true)
        #expect(request?["query_string"]?.stringValue == "page=2")
        let headers = request?["headers"]?.objectValue ?? [:]
        #expect(headers["X-Custom"]?.stringValue == "yes")
        #expect(headers.keys.contains { ["cookie", "authorization", "x-forwarded-for"].contains($0.lowercased()) } == false)
        #expect(request?["cookies"] == nil)
        #expect(request?["env"] == nil)
    }

    @Test func personalDataAndBodyGoOnlyWithSendDefaultPii() async throws {
        let captured = try await withCapturedEvents(configure: options(pii: true)) {
            try await makeApp().test(.live) { client in
                let response = try await client.execute(
                    uri: "/echo", method: .post, headers: [.contentType: "application/json", .cookie: "theme=dark"],
                    body: ByteBuffer(string: #"{"name":"Ada","password":"hunter2"}"#))
                #expect(String(buffer: response.body) == #"{"name":"Ada","password":"hunter2"}"#)
            }
        }
        let request = try #require(captured.transactions.first?["request"])
        #expect(request["cookies"]?["theme"]?.stringValue == "dark")
        #expect(request["data"]?["name"]?.stringValue == "Ada")
        #expect(request["data"]?["password"]?.stringValue == "[Filtered]")
        #expect(request["env"]?["REMOTE_ADDR"]?.stringValue == "127.0.0.1")

        let withoutPii = try await withCapturedEvents(configure: options(pii: false)) {
            try await makeApp().test(.live) { client in
                _ = try await client.execute(
                    uri: "/echo", method: .post, headers: [.contentType: "application/json", .cookie: "theme=dark"],
                    body: ByteBuffer(string: #"{"name":"Ada"}"#))
            }
        }
        let bare = try #require(withoutPii.transactions.first?["request"])
        #expect(bare["data"] == nil)
        #expect(bare["cookies"] == nil)
        #expect(bare["env"] == nil)
    }

    @Test func bodyOverMaxRequestBodySizeIsLeftOut() async throws {
        let captured = try await withCapturedEvents(configure: { options in
            options.tracesSampleRate = 1
            options.sendDefaultPii = true
            options.maxRequestBodySize = .small
        }) {
            try await makeApp().test(.live) { client in
                let response = try await client.execute(
                    uri: "/echo", method: .post, headers: [.contentType: "text/plain"],
                    body: ByteBuffer(string: String(repeating: "x", count: 2_000)))
                #expect(response.body.readableBytes == 2_000)
            }
        }
        let request = try #require(captured.transactions.first?["request"])
        #expect(request["data"] == nil)
        #expect(request["method"]?.stringValue == "POST")
    }

    @Test func handlerErrorIsCapturedOnceAsUnhandledAnd404IsNot() async throws {
        let captured = try await withCapturedEvents(configure: options(pii: false)) {
            try await makeApp().test(.live) { client in
                let failed = try await client.execute(uri: "/users/0", method: .get)
                #expect(failed.status == .internalServerError)
                let missing = try await client.execute(uri: "/users/missing", method: .get)
                #expect(missing.status == .notFound)
                let nowhere = try await client.execute(uri: "/nowhere", method: .get)
                #expect(nowhere.status == .notFound)
            }
        }
        #expect(captured.events.count == 1)
        let event = try #require(captured.events.first)
        let exception = event["exception"]?["values"]?.arrayValue?.last
        #expect(exception?["type"]?.stringValue?.hasSuffix("UserNotFound") == true)
        #expect(exception?["mechanism"]?["type"]?.stringValue == "hummingbird")
        #expect(exception?["mechanism"]?["handled"] == .bool(false))
        #expect(event["request"]?["url"]?.stringValue?.hasSuffix("/users/0") == true)
        #expect(event["transaction"]?.stringValue == "/users/{id}")

        let byName = Dictionary(
            captured.transactions.map { ($0["request"]?["url"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        let failed = try #require(byName.first { $0.key.hasSuffix("/users/0") }?.value)
        #expect(failed["contexts"]?["trace"]?["status"]?.stringValue == "internal_error")
        #expect(failed["contexts"]?["trace"]?["data"]?["http.response.status_code"]?.intValue == 500)
        #expect(event["contexts"]?["trace"]?["trace_id"] == failed["contexts"]?["trace"]?["trace_id"])
        let unmatched = try #require(byName.first { $0.key.hasSuffix("/nowhere") }?.value)
        #expect(unmatched["transaction"]?.stringValue == "/nowhere")
        #expect(unmatched["transaction_info"]?["source"]?.stringValue == "url")
        #expect(unmatched["contexts"]?["trace"]?["status"]?.stringValue == "not_found")
    }

    @Test func requestSessionsAreAggregated() async throws {
        let captured = try await withCapturedEvents(configure: options(pii: false)) {
            try await makeApp().test(.live) { client in
                _ = try await client.execute(uri: "/hello", method: .get)
                _ = try await client.execute(uri: "/hello", method: .get)
                _ = try await client.execute(uri: "/users/missing", method: .get)
                _ = try await client.execute(uri: "/broken", method: .get)
                _ = try await client.execute(uri: "/users/0", method: .get)
            }
        }
        var counts: [String: Int64] = [:]
        for payload in captured.payloads(of: .sessions) {
            for aggregate in payload["aggregates"]?.arrayValue ?? [] {
                for key in ["exited", "errored", "crashed"] { counts[key, default: 0] += aggregate[key]?.intValue ?? 0 }
            }
        }
        // Two hellos and the 404 exited; the 503 response errored; the captured unhandled
        // error marks its request crashed (the client's rule for unhandled errors, as sentry-python).
        #expect(counts == ["exited": 3, "errored": 1, "crashed": 1])
    }

    @Test func tracesSamplerSeesTheRequest() async throws {
        let seen = Locked<[SamplingContext]>([])
        let captured = try await withCapturedEvents(configure: { options in
            options.tracesSampler = { context in
                seen.withLock { $0.append(context) }
                return context.data["url.path"]?.stringValue == "/hello" ? 0 : 1
            }
        }) {
            try await makeApp().test(.live) { client in
                _ = try await client.execute(uri: "/hello", method: .get)
                _ = try await client.execute(uri: "/users/5", method: .get)
            }
        }
        let contexts = seen.withLock { $0 }
        #expect(contexts.count == 2)
        #expect(contexts.allSatisfy { $0.operation == "http.server" && $0.data["http.request.method"]?.stringValue == "GET" })
        #expect(contexts.contains { $0.data["url.full"]?.stringValue?.hasSuffix("/users/5") == true })
        // The sampler dropped /hello and kept /users/5.
        #expect(captured.transactions.map { $0["transaction"]?.stringValue } == ["/users/{id}"])
    }

    @Test func spansInsideHandlersAttachToTheTransaction() async throws {
        let router = Router()
        router.add(middleware: SentryMiddleware())
        router.get("/slow") { _, _ -> String in
            await SentrySDK.withSpan(operation: "work", name: "nap") { _ in try? await Task.sleep(for: .milliseconds(5)) }
            SentrySDK.setTag("inside", forKey: "handler")
            return "ok"
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let captured = try await withCapturedEvents(configure: options(pii: false)) {
            try await app.test(.live) { client in _ = try await client.execute(uri: "/slow", method: .get) }
            SentrySDK.capture(message: "after the request")
        }
        let transaction = try #require(captured.transactions.first)
        #expect(transaction["spans"]?.arrayValue?.first?["op"]?.stringValue == "work")
        #expect(transaction["tags"]?["handler"]?.stringValue == "inside")
        // The request's isolation scope did not leak into the test's.
        #expect(captured.events.first?["tags"]?["handler"] == nil)
        #expect(captured.events.first?["request"] == nil)
    }
}
#endif
