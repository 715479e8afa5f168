import SentryCore
import SentryTesting
import Testing
import Tracing

@testable import SentryIntegrations

/// A "library" that knows only swift-distributed-tracing.
enum UserService {
    static func handle(id: Int) async throws {
        try await withSpan("GET /users/:id", ofKind: .server) { span in
            span.attributes["http.request.method"] = "GET"
            span.attributes["http.route"] = "/users/:id"
            span.attributes["url.path"] = "/users/\(id)"
            try await withSpan("load user", ofKind: .client) { query in
                query.attributes["db.system.name"] = "postgresql"
                query.attributes["db.query.text"] = "SELECT * FROM users WHERE id = $1"
                try await Task.sleep(for: .milliseconds(1))
            }
            SentrySDK.capture(message: "user \(id) missing")
            span.attributes["http.response.status_code"] = 404
        }
    }
}

struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}

struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}

@Suite struct DistributedTracingTests {
    @Test func librarySpansBecomeATransactionWithMappedOps() async throws {
        let captured = try await withCapturedEvents(configure: { $0.tracesSampleRate = 1 }) {
            try await withTracer(SentryDistributedTracer()) {
                try await UserService.handle(id: 7)
            }
        }
        let transaction = try #require(captured.transactions.first)
        let trace = try #require(transaction["contexts"]?["trace"])
        #expect(transaction["transaction"] == "GET /users/:id")
        #expect(trace["op"] == "http.server")
        #expect(trace["status"] == "not_found")
        #expect(trace["origin"] == "auto.tracing.swift_distributed_tracing")
        #expect(trace["data"]?["http.route"] == "/users/:id")
        #expect(trace["data"]?["http.response.status_code"] == 404)
        let span = try #require(transaction["spans"]?[0])
        #expect(span["op"] == "db")
        #expect(span["description"] == "SELECT * FROM users WHERE id = $1")
        #expect(span["data"]?["db.system"] == "postgresql")
        #expect(span["parent_span_id"] == trace["span_id"])
        // SentrySDK calls inside a swift-distributed-tracing span see it as active.
        let event = try #require(captured.events.first)
        #expect(event["contexts"]?["trace"]?["span_id"] == trace["span_id"])
        #expect(event["contexts"]?["trace"]?["trace_id"] == trace["trace_id"])
    }

    @Test func extractContinuesAndInjectPropagatesSentryHeaders() async throws {
        let tracer = SentryDistributedTracer()
        var injected: [String: String] = [:]
        let captured = withCapturedEvents(configure: { $0.tracesSampleRate = 0 }) {
            var context = ServiceContext.topLevel
            tracer.extract(
                ["sentry-trace": "771a43a4192642f0b136d5159a501700-b7ad6b7169203331-1",
                 "baggage": "sentry-trace_id=771a43a4192642f0b136d5159a501700,sentry-public_key=up"],
                into: &context, using: DictionaryExtractor())
            tracer.withSpan("POST /orders", context: context, ofKind: .server) { server in
                tracer.withSpan("charge", context: server.context, ofKind: .client) { client in
                    tracer.inject(client.context, into: &injected, using: DictionaryInjector())
                    #expect(injected["sentry-trace"] == "771a43a4192642f0b136d5159a501700-\(client.sentrySpan.spanId)-1")
                }
            }
        }
        #expect(injected["baggage"]?.contains("sentry-public_key=up") == true)
        let transaction = try #require(captured.transactions.first)
        #expect(transaction["contexts"]?["trace"]?["trace_id"] == "771a43a4192642f0b136d5159a501700")
        #expect(transaction["contexts"]?["trace"]?["parent_span_id"] == "b7ad6b7169203331")
    }

    @Test func attributeMappingFollowsTheConventions() {
        var attributes: SpanAttributes = [:]
        attributes["rpc.system"] = "grpc"
        attributes["rpc.service"] = "Greeter"
        attributes["rpc.method"] = "SayHello"
        let rpc = SpanMapping.map(kind: .client, name: "call", attributes: attributes, status: nil)
        #expect(rpc.operation == "grpc.client")
        #expect(rpc.description == "Greeter/SayHello")
        var http: SpanAttributes = [:]
        http["http.request.method"] = "POST"
        http["url.full"] = "https://api.example.com/pay?token=x"
        let client = SpanMapping.map(kind: .client, name: "POST", attributes: http, status: .init(code: .error))
        #expect(client.operation == "http.client")
        #expect(client.description == "POST https://api.example.com/pay")
        #expect(client.status == .internalError)
        var queue: SpanAttributes = [:]
        queue["messaging.system"] = "kafka"
        queue["messaging.destination.name"] = "orders"
        #expect(SpanMapping.map(kind: .consumer, name: "receive", attributes: queue, status: nil).operation == "queue.process")
        #expect(SpanMapping.map(kind: .internal, name: "render", attributes: [:], status: nil).operation == "render")
    }
}
