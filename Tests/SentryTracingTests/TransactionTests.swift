import SentryCore
import SentryTesting
import SentryTransport
import Testing

@testable import SentryTracing

@Suite struct TransactionTests {
    @Test func aTransactionWithNestedSpansHasTheProtocolsShape() async throws {
        let captured = try await withCapturedEvents(configure: {
            $0.tracesSampleRate = 1
            $0.release = "api@3.1.0"
        }) {
            try await SentrySDK.withSpan(operation: "http.server", name: "GET /users/:id") { root in
                root.setData(.int(200), forKey: "http.response.status_code")
                root.setTag("eu", forKey: "region")
                root.setMeasurement("ttfb", value: 12.5, unit: "millisecond")
                try await SentrySDK.withQuerySpan("SELECT * FROM users WHERE id = $1", system: "postgresql", parameters: [42]) { _ in
                    try await Task.sleep(for: .milliseconds(2))
                }
                SentrySDK.withSpan(operation: "serialize") { span in
                    SentrySDK.withSpan(operation: "json.encode", name: "User") { _ in }
                    span.setStatus(.ok)
                }
                SentrySDK.capture(message: "inside the span")
            }
        }
        let transaction = try #require(captured.transactions.first)
        let event = try #require(captured.events.first)
        let trace = try #require(transaction["contexts"]?["trace"])
        #expect(transaction["type"] == "transaction")
        #expect(transaction["transaction"] == "GET /users/:id")
        #expect(transaction["transaction_info"] == ["source": "custom"])
        #expect(transaction["release"] == "api@3.1.0")
        #expect(transaction["platform"] == "native")
        #expect(transaction["tags"]?["region"] == "eu")
        #expect(transaction["measurements"]?["ttfb"] == ["value": 12.5, "unit": "millisecond"])
        let start = try #require(transaction["start_timestamp"]?.doubleValue)
        let end = try #require(transaction["timestamp"]?.doubleValue)
        #expect(end >= start + 0.002)
        #expect(trace["op"] == "http.server")
        #expect(trace["status"] == "ok")
        #expect(trace["origin"] == "manual")
        #expect(trace["data"]?["http.response.status_code"] == 200)
        #expect(trace["trace_id"]?.stringValue?.count == 32)
        #expect(trace["span_id"]?.stringValue?.count == 16)
        let spans = try #require(transaction["spans"]?.arrayValue)
        #expect(spans.count == 3)
        let byOp = Dictionary(uniqueKeysWithValues: spans.map { ($0["op"]?.stringValue ?? "", $0) })
        let db = try #require(byOp["db"])
        #expect(db["description"] == "SELECT * FROM users WHERE id = $1")
        #expect(db["data"]?["db.system"] == "postgresql")
        #expect(db["data"]?["db.query.text"] == "SELECT * FROM users WHERE id = $1")
        #expect(db["data"]?["db.query.parameters"] == nil)  // no PII by default
        #expect(db["parent_span_id"] == trace["span_id"])
        #expect(byOp["json.encode"]?["parent_span_id"] == byOp["serialize"]?["span_id"])
        #expect(byOp["serialize"]?["status"] == "ok")
        for span in spans {
            #expect(span["trace_id"] == trace["trace_id"])
            #expect((span["timestamp"]?.doubleValue ?? 0) >= (span["start_timestamp"]?.doubleValue ?? .infinity))
        }
        // The error captured inside carries the span's trace context, and the envelopes the DSC.
        #expect(event["contexts"]?["trace"]?["trace_id"] == trace["trace_id"])
        #expect(event["contexts"]?["trace"]?["span_id"] == trace["span_id"])
        let header = try #require(captured.envelopes.first { $0.items.first?.header.type == .transaction }?.header.trace)
        #expect(header.traceId.description == trace["trace_id"]?.stringValue)
        #expect(header.sampled == "true")
        #expect(header.sampleRate == "1")
        #expect(header.transaction == "GET /users/:id")
        #expect(header.release == "api@3.1.0")
    }

    @Test func queryParametersAreSentOnlyWithPII() throws {
        let captured = withCapturedEvents(configure: {
            $0.tracesSampleRate = 1
            $0.sendDefaultPii = true
        }) {
            SentrySDK.withSpan(operation: "task") { _ in
                SentrySDK.withQuerySpan("SELECT 1 WHERE a = ?", system: "sqlite", parameters: ["x"]) { _ in }
            }
        }
        let span = try #require(captured.transactions.first?["spans"]?[0])
        #expect(span["data"]?["db.query.parameters"] == ["x"])
    }

    @Test func aThrownErrorMarksTheSpan() throws {
        struct Boom: Error {}
        let captured = withCapturedEvents(configure: { $0.tracesSampleRate = 1 }) {
            _ = try? SentrySDK.withSpan(operation: "job") { _ in throw Boom() }
        }
        #expect(captured.transactions.first?["contexts"]?["trace"]?["status"] == "internal_error")
    }

    @Test func spansBeyondMaxSpansAreDroppedAndCounted() throws {
        let recorder = ClientReportRecorder()
        let sink = CollectingSink()
        var options = Options()
        options.maxSpans = 5
        options.tracesSampleRate = 1
        let tracer = SentryTracer(options: options, publicKey: "k", recorder: recorder, sink: sink)
        let root = tracer.startSpan(SpanStart(operation: "batch"), parent: nil, propagation: { PropagationContext() })
        for _ in 0..<8 { root.startChild(operation: "item").finish() }
        root.finish()
        root.finish()  // twice: still one transaction
        let events = sink.transactions
        #expect(events.count == 1)
        #expect(events.first?.spans.count == 5)
        #expect(recorder.takeReport()?.discardedEvents == [.init(reason: .bufferOverflow, category: .span, quantity: 3)])
    }

    @Test func unsampledTransactionsSendNothingAndAreCounted() {
        let recorder = ClientReportRecorder()
        var options = Options()
        options.tracesSampleRate = 0
        let sink = CollectingSink()
        let tracer = SentryTracer(options: options, publicKey: "k", recorder: recorder, sink: sink)
        let root = tracer.startSpan(SpanStart(operation: "op"), parent: nil, propagation: { PropagationContext() })
        #expect(root.sampled == false)
        let child = root.startChild(operation: "child")
        #expect(child.traceId == root.traceId)
        #expect(child.parentSpanId == root.spanId)
        child.startChild(operation: "grandchild").finish()
        child.finish()
        root.finish()
        #expect(sink.transactions.isEmpty, "an unsampled transaction was sent")
        let totals = Set(recorder.takeReport()?.discardedEvents ?? [])
        #expect(totals == [.init(reason: .sampleRate, category: .transaction, quantity: 1),
                           .init(reason: .sampleRate, category: .span, quantity: 3)])
    }

    @Test func withoutTracingSpansAreDeferredAndFree() {
        let recorder = ClientReportRecorder()
        let sink = CollectingSink()
        let tracer = SentryTracer(options: Options(), publicKey: "k", recorder: recorder, sink: sink)
        let root = tracer.startSpan(SpanStart(operation: "op"), parent: nil, propagation: { PropagationContext() })
        #expect(root.sampled == nil)
        #expect(!root.traceHeader.hasSuffix("-0") && !root.traceHeader.hasSuffix("-1"))
        root.finish()
        #expect(sink.transactions.isEmpty, "sent without tracing")
        #expect(recorder.takeReport() == nil)
    }
}
