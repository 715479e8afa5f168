#if AsyncHTTPClient && Hummingbird
import AsyncHTTPClient
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import NIOHTTP1
import SentryAsyncHTTPClient
import SentryCore
import SentryTesting
import Testing

/// A server on 127.0.0.1 that answers with the trace headers it received.
func echoServer() -> some ApplicationProtocol {
    let router = Router()
    router.get("/echo") { request, _ -> String in
        let trace = request.headers[HTTPField.Name("sentry-trace")!] ?? "-"
        let baggage = request.headers[HTTPField.Name("baggage")!] ?? "-"
        return "\(trace)\n\(baggage)"
    }
    router.get("/fail") { _, _ in Response(status: .badGateway) }
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

@Suite struct HTTPClientSentryTests {
    @Test func outgoingRequestIsAChildSpanWithPropagatedHeaders() async throws {
        let echoed = Locked("")
        let captured = try await withCapturedEvents(configure: { $0.tracesSampleRate = 1 }) {
            try await echoServer().test(.live) { client in
                let port = try #require(client.port)
                try await SentrySDK.withSpan(operation: "task", name: "outgoing") { _ in
                    let response = try await HTTPClient.shared.sentryExecute(
                        HTTPClientRequest(url: "http://127.0.0.1:\(port)/echo?q=1"), timeout: .seconds(10))
                    #expect(response.status == .ok)
                    let body = try await response.body.collect(upTo: 1 << 16)
                    echoed.withLock { $0 = String(buffer: body) }
                }
                SentrySDK.capture(message: "after")
            }
        }
        let transaction = try #require(captured.transactions.first)
        let span = try #require(transaction["spans"]?.arrayValue?.first)
        #expect(span["op"]?.stringValue == "http.client")
        #expect(span["origin"]?.stringValue == "auto.http.async_http_client")
        #expect(span["description"]?.stringValue?.hasPrefix("GET http://127.0.0.1:") == true)
        #expect(span["description"]?.stringValue?.hasSuffix("/echo") == true)
        #expect(span["data"]?["http.response.status_code"]?.intValue == 200)
        #expect(span["data"]?["url.query"]?.stringValue == "q=1")
        let lines = echoed.withLock { $0 }.split(separator: "\n").map(String.init)
        let traceId = try #require(transaction["contexts"]?["trace"]?["trace_id"]?.stringValue)
        let spanId = try #require(span["span_id"]?.stringValue)
        #expect(lines.first == "\(traceId)-\(spanId)-1")
        #expect(lines.last?.contains("sentry-trace_id=\(traceId)") == true)
        let crumbs = captured.events.first?["breadcrumbs"]?["values"]?.arrayValue ?? []
        let crumb = try #require(crumbs.last { $0["category"]?.stringValue == "http" })
        #expect(crumb["data"]?["method"]?.stringValue == "GET")
        #expect(crumb["data"]?["status_code"]?.intValue == 200)
        #expect(crumb["data"]?["url"]?.stringValue?.hasSuffix("/echo") == true)
    }

    @Test func headersOnlyForPropagationTargetsAndFailedResponsesCapturedOnRequest() async throws {
        let echoed = Locked("")
        let captured = try await withCapturedEvents(configure: { options in
            options.tracesSampleRate = 1
            options.tracePropagationTargets = ["example.invalid"]
        }) {
            try await echoServer().test(.live) { client in
                let port = try #require(client.port)
                try await SentrySDK.withSpan(operation: "task", name: "outgoing") { _ in
                    let response = try await HTTPClient.shared.sentryExecute(
                        HTTPClientRequest(url: "http://127.0.0.1:\(port)/echo"), timeout: .seconds(10))
                    let body = try await response.body.collect(upTo: 1 << 16)
                    echoed.withLock { $0 = String(buffer: body) }
                    let failed = try await HTTPClient.shared.sentryExecute(
                        HTTPClientRequest(url: "http://127.0.0.1:\(port)/fail"), timeout: .seconds(10),
                        captureFailedRequests: [500...599])
                    #expect(failed.status == .badGateway)
                    _ = try await HTTPClient.shared.sentryExecute(
                        HTTPClientRequest(url: "http://127.0.0.1:\(port)/fail"), timeout: .seconds(10))
                }
            }
        }
        #expect(echoed.withLock { $0 } == "-\n-")
        #expect(captured.events.count == 1)
        let event = try #require(captured.events.first)
        #expect(event["exception"]?["values"]?[0]?["value"]?.stringValue == "HTTP Client Error with status code: 502")
        #expect(event["request"]?["url"]?.stringValue?.hasSuffix("/fail") == true)
        let spans = captured.transactions.first?["spans"]?.arrayValue ?? []
        #expect(spans.count == 3)
        #expect(spans.contains { $0["status"]?.stringValue == "internal_error" || $0["data"]?["http.response.status_code"]?.intValue == 502 })
    }
}
#endif
