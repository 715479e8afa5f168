import CoreMetrics
import SentryCore
import SentryTesting
import Testing

@testable import SentryMetrics

@Suite struct LogsAndMetricsTests {
    @Test func logContainersHaveTheProtocolsShape() throws {
        let captured = withCapturedEvents(configure: {
            $0.enableLogs = true
            $0.release = "shop@4.2.0"
            $0.environment = "staging"
            $0.serverName = "web-9"
        }) {
            let orderId = 1234
            SentrySDK.configureScope { $0.setAttribute(Attribute(.string("eu-1")), forKey: "region") }
            SentrySDK.logger.info("Order \(orderId) placed for \("ada")", attributes: ["cart.items": Attribute(.int(3))])
            SentrySDK.logger.warn("plain text")
        }
        let item = try #require(captured.envelopes.flatMap(\.items).first { $0.header.type == .log })
        #expect(item.header.itemCount == 2)
        #expect(item.header.contentType == "application/vnd.sentry.items.log+json")
        let payload = try JSONValue.parse(item.payload)
        #expect(payload["version"] == 2)
        let first = try #require(payload["items"]?[0])
        #expect(first["level"] == "info")
        #expect(first["severity_number"] == 9)
        #expect(first["body"] == "Order 1234 placed for ada")
        #expect(first["trace_id"]?.stringValue?.count == 32)
        #expect(first["span_id"] == nil)  // no active span
        #expect((first["timestamp"]?.doubleValue ?? 0) > 1_700_000_000)
        let attributes = try #require(first["attributes"])
        #expect(attributes["sentry.message.template"] == ["value": "Order {0} placed for {1}", "type": "string"])
        #expect(attributes["sentry.message.parameter.0"] == ["value": 1234, "type": "integer"])
        #expect(attributes["sentry.message.parameter.1"] == ["value": "ada", "type": "string"])
        #expect(attributes["sentry.sdk.name"] == ["value": "sentry.swift.server", "type": "string"])
        #expect(attributes["sentry.release"] == ["value": "shop@4.2.0", "type": "string"])
        #expect(attributes["sentry.environment"] == ["value": "staging", "type": "string"])
        #expect(attributes["server.address"] == ["value": "web-9", "type": "string"])
        #expect(attributes["region"] == ["value": "eu-1", "type": "string"])
        #expect(attributes["cart.items"] == ["value": 3, "type": "integer"])
        let second = try #require(payload["items"]?[1])
        #expect(second["level"] == "warn")
        #expect(second["attributes"]?["sentry.message.template"] == nil)  // never a template without parameters
    }

    @Test func logsAreOffUnlessEnabledAndBeforeSendLogCanDrop() throws {
        let off = withCapturedEvents { SentrySDK.logger.error("not sent") }
        #expect(off.envelopes.isEmpty)
        let filtered = withCapturedEvents(configure: {
            $0.enableLogs = true
            $0.beforeSendLog = { log in log.body.contains("secret") ? nil : log }
        }) {
            SentrySDK.logger.info("secret stuff")
            SentrySDK.logger.info("fine")
        }
        let payload = try JSONValue.parse(try #require(filtered.envelopes.first?.items.first).payload)
        #expect(payload["items"]?.arrayValue?.map { $0["body"] } == ["fine"])
    }

    @Test func logsAndMetricsInsideASpanCarryItsIds() throws {
        let captured = withCapturedEvents(configure: {
            $0.enableLogs = true
            $0.tracesSampleRate = 1
        }) {
            SentrySDK.withSpan(operation: "job") { _ in
                SentrySDK.logger.debug("working")
                SentrySDK.metrics.distribution(key: "job.duration", value: 12.5, unit: "millisecond")
            }
        }
        let transaction = try #require(captured.transactions.first)
        let spanId = transaction["contexts"]?["trace"]?["span_id"]
        let log = try #require(captured.payloads(of: .log).first?["items"]?[0])
        let metric = try #require(captured.payloads(of: .traceMetric).first?["items"]?[0])
        #expect(log["span_id"] == spanId)
        #expect(metric["span_id"] == spanId)
        #expect(metric["name"] == "job.duration")
        #expect(metric["type"] == "distribution")
        #expect(metric["value"] == 12.5)
        #expect(metric["unit"] == "millisecond")
        #expect(metric["trace_id"] == transaction["contexts"]?["trace"]?["trace_id"])
    }

    @Test func swiftMetricsHandlersRecordTraceMetrics() throws {
        let factory = SentryMetricsFactory()
        let captured = withCapturedEvents {
            factory.makeCounter(label: "http.requests", dimensions: [("route", "/users")]).increment(by: 2)
            factory.makeTimer(label: "http.duration", dimensions: []).recordNanoseconds(1_500_000)
            factory.makeRecorder(label: "queue.depth", dimensions: [], aggregate: false).record(Int64(7))
            let meter = factory.makeMeter(label: "connections", dimensions: [])
            meter.increment(by: 3)
            meter.decrement(by: 1)
        }
        let items = try #require(captured.payloads(of: .traceMetric).first?["items"]?.arrayValue)
        let summary = items.map { "\($0["name"]?.stringValue ?? ""):\($0["type"]?.stringValue ?? ""):\($0["value"]?.doubleValue ?? -1)" }
        #expect(summary == ["http.requests:counter:2.0", "http.duration:distribution:1500000.0", "queue.depth:gauge:7.0",
                            "connections:gauge:3.0", "connections:gauge:2.0"])
        #expect(items[0]["attributes"]?["route"] == ["value": "/users", "type": "string"])
        #expect(items[0]["attributes"]?["sentry.origin"] == ["value": "auto.metrics.swift_metrics", "type": "string"])
        #expect(items[1]["unit"] == "nanosecond")
    }

    @Test func requestSessionsAggregateHealthyErroredAndCrashed() throws {
        struct Failure: Error {}
        let captured = withCapturedEvents(configure: { $0.release = "api@1" }) {
            for _ in 0..<3 { SentrySDK.withRequestSession { _ in } }
            SentrySDK.withRequestSession { _ in SentrySDK.capture(error: Failure()) }
            SentrySDK.withRequestSession { _ in SentrySDK.capture(message: "just a message") }  // not an error
            _ = try? SentrySDK.withRequestSession { _ in throw Failure() }
        }
        let sessions = try #require(captured.payloads(of: .sessions).first)
        let buckets = try #require(sessions["aggregates"]?.arrayValue)
        let exited = buckets.reduce(Int64(0)) { $0 + ($1["exited"]?.intValue ?? 0) }
        let errored = buckets.reduce(Int64(0)) { $0 + ($1["errored"]?.intValue ?? 0) }
        let crashed = buckets.reduce(Int64(0)) { $0 + ($1["crashed"]?.intValue ?? 0) }
        #expect(exited == 4 && errored == 1 && crashed == 1)
        #expect(sessions["attrs"]?["release"] == "api@1")
    }

    @Test func applicationSessionsSendInitAndEnd() throws {
        struct Failure: Error {}
        let captured = withCapturedEvents(configure: { $0.release = "cli@2" }) {
            SentrySDK.startSession()
            SentrySDK.capture(error: Failure())
            SentrySDK.endSession()
        }
        let updates = captured.payloads(of: .session)
        #expect(updates.count == 2)
        #expect(updates[0]["init"] == true && updates[0]["status"] == "ok")
        #expect(updates[1]["init"] == nil && updates[1]["status"] == "exited")
        #expect(updates[1]["errors"] == 1)
        #expect(updates[0]["sid"] == updates[1]["sid"])
        #expect(updates[1]["attrs"]?["release"] == "cli@2")
    }
}
