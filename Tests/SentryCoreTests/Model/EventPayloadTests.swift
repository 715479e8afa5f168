import Testing

@testable import SentryCore

/// Field-by-field checks of payloads against protocol.md.
@Suite struct EventPayloadTests {
    @Test func errorEventHasTheProtocolsFieldNames() throws {
        var event = Event(level: .error)
        event.release = "app@1.0.0"
        event.environment = "staging"
        event.serverName = "web-1"
        event.tags = ["route": "/users"]
        event.extra = ["attempt": 3]
        event.fingerprint = ["{{ default }}", "db"]
        event.user = User(id: "42", email: "a@example.com", ipAddress: "10.0.0.1", data: ["plan": "pro"])
        event.request = Request(method: "GET", url: "https://x/users", headers: ["Accept": "json"])
        event.contexts.os = OSContext(name: "Linux", version: "6.8.0")
        event.contexts.trace = TraceContext(traceId: SentryId(), spanId: SpanId(), op: "http.server", status: .ok)
        event.contexts.flags = FlagsContext(values: [.init(flag: "beta", result: true)])
        event.contexts.other["custom"] = ["k": "v"]
        event.exceptions = [
            SentryException(type: "IOError", value: "disk", mechanism: Mechanism(type: "chained", exceptionId: 1, parentId: 0, source: "cause")),
            SentryException(
                type: "RequestError", value: "failed", module: "App",
                stacktrace: Stacktrace(frames: [Frame(function: "main", inApp: true, instructionAddress: 0x55d0_0000_1000)]),
                mechanism: Mechanism(type: "generic", handled: true, exceptionId: 0)),
        ]
        event.breadcrumbs = [Breadcrumb(message: "clicked", category: "ui", level: .info)]
        event.debugImages = [DebugImage(codeFile: "/app", debugId: "4247301c-14f1-5421-53a8-a777f6cdb3a2", imageAddress: 0x55d0_0000_0000, imageSize: 4096)]
        event.sdk = SdkInfo(integrations: ["crash-handler"])
        let json = try JSONValue.parse(event.jsonBytes())

        #expect(json["event_id"]?.stringValue == event.eventId.description)
        #expect(json["timestamp"]?.doubleValue == event.timestamp.secondsSince1970)
        #expect(json["platform"] == "native")
        #expect(json["level"] == "error")
        #expect(json["release"] == "app@1.0.0")
        #expect(json["environment"] == "staging")
        #expect(json["server_name"] == "web-1")
        #expect(json["tags"] == ["route": "/users"])
        #expect(json["extra"] == ["attempt": 3])
        #expect(json["fingerprint"] == ["{{ default }}", "db"])
        #expect(json["user"] == ["id": "42", "email": "a@example.com", "ip_address": "10.0.0.1", "plan": "pro"])
        #expect(json["request"]?["headers"] == ["Accept": "json"])
        #expect(json["contexts"]?["os"]?["type"] == "os")
        #expect(json["contexts"]?["trace"]?["op"] == "http.server")
        #expect(json["contexts"]?["trace"]?["span_id"]?.stringValue?.count == 16)
        #expect(json["contexts"]?["flags"]?["values"]?[0] == ["flag": "beta", "result": true])
        #expect(json["contexts"]?["custom"] == ["k": "v"])
        let values = json["exception"]?["values"]
        #expect(values?[0]?["type"] == "IOError")  // oldest first
        #expect(values?[1]?["mechanism"]?["exception_id"] == 0)  // the thrown one last
        #expect(values?[0]?["mechanism"]?["parent_id"] == 0)
        #expect(values?[1]?["stacktrace"]?["frames"]?[0]?["instruction_addr"] == "0x55d000001000")
        #expect(values?[1]?["stacktrace"]?["frames"]?[0]?["in_app"] == true)
        #expect(json["breadcrumbs"]?["values"]?[0]?["category"] == "ui")
        #expect(json["debug_meta"]?["images"]?[0]?["type"] == "elf")
        #expect(json["debug_meta"]?["images"]?[0]?["image_addr"] == "0x55d000000000")
        #expect(json["sdk"]?["name"] == "sentry.swift.server")
        #expect(json["sdk"]?["integrations"] == ["crash-handler"])
        #expect(json["spans"] == nil)
    }

    @Test func transactionCarriesSpansAndTimestamps() throws {
        var transaction = Event()
        transaction.kind = .transaction
        transaction.transaction = "GET /x"
        transaction.transactionSource = .route
        transaction.startTimestamp = SentryTimestamp(secondsSince1970: 100.25)
        transaction.measurements = ["ttfb": .init(value: 12.5, unit: "millisecond")]
        let json = try JSONValue.parse(transaction.jsonBytes())
        #expect(json["type"] == "transaction")
        #expect(json["transaction_info"] == ["source": "route"])
        #expect(json["start_timestamp"]?.doubleValue == 100.25)
        #expect(json["spans"] == [])
        #expect(json["measurements"]?["ttfb"] == ["value": 12.5, "unit": "millisecond"])
    }

    @Test func sessionsUseRFC3339AndRequireARelease() throws {
        var session = Session(release: "app@1", environment: "prod", started: SentryTimestamp(secondsSince1970: 0))
        session.status = .crashed
        session.errors = 1
        let json = try JSONValue.parse(session.jsonBytes())
        #expect(json["init"] == true)
        #expect(json["started"] == "1970-01-01T00:00:00.000000Z")
        #expect(json["status"] == "crashed")
        #expect(json["attrs"] == ["release": "app@1", "environment": "prod"])
        let aggregates = SessionAggregates(
            aggregates: [.init(started: SentryTimestamp(secondsSince1970: 125), exited: 2, crashed: 1)],
            attributes: .init(release: "app@1"))
        let aggregateJSON = try JSONValue.parse(aggregates.jsonBytes())
        #expect(aggregateJSON["aggregates"]?[0] == ["started": "1970-01-01T00:02:00.000000Z", "exited": 2, "crashed": 1])
    }

    @Test func logsAndMetricsUseTypedAttributes() throws {
        let log = SentryLog(
            traceId: SentryId(), level: .warn, body: "x",
            attributes: ["n": Attribute(.int(3)), "ok": Attribute(.bool(true)), "list": Attribute(.array(["a", "b"])),
                         "ms": Attribute(.double(1.5), unit: "millisecond")])
        let json = try JSONValue.parse(log.jsonBytes())
        #expect(json["level"] == "warn")
        #expect(json["attributes"]?["n"] == ["value": 3, "type": "integer"])
        #expect(json["attributes"]?["ok"] == ["value": true, "type": "boolean"])
        #expect(json["attributes"]?["list"] == ["value": ["a", "b"], "type": "array"])
        #expect(json["attributes"]?["ms"] == ["value": 1.5, "type": "double", "unit": "millisecond"])
        let metric = MetricRecord(traceId: SentryId(), name: "db.latency", kind: .distribution, value: .nan)
        let metricJSON = try JSONValue.parse(metric.jsonBytes())
        #expect(metricJSON["type"] == "distribution")
        #expect(metricJSON["value"] == nil || metricJSON["value"] == .null)
    }

    /// Relay reads `{"value": null, "type": "double"}` and mixed arrays as invalid (Scripts/relay_check.py found
    /// both in the SDK's logs): what JSON cannot carry typed goes out as a string.
    @Test func attributesJSONCannotCarryTypedAreStringified() throws {
        let log = SentryLog(
            traceId: SentryId(), level: .info, body: "x",
            attributes: [
                "nan": Attribute(.double(.nan)), "inf": Attribute(.double(.infinity), unit: "second"),
                "minus": Attribute(.double(-.infinity)), "mixed": Attribute(.array([.string("a"), .int(1)])),
                "sizes": Attribute(.array([.double(1.5), .double(.infinity)])), "doubles": Attribute(.array([.double(1.5), .double(2)])),
                "nested": Attribute(.array([.array([.int(1)])])), "empty": Attribute(.array([])),
            ])
        let attributes = try #require(try JSONValue.parse(log.jsonBytes())["attributes"])
        #expect(attributes["nan"] == ["value": "NaN", "type": "string"])
        #expect(attributes["inf"] == ["value": "Infinity", "type": "string", "unit": "second"])
        #expect(attributes["minus"] == ["value": "-Infinity", "type": "string"])
        #expect(attributes["mixed"] == ["value": #"["a",1]"#, "type": "string"])
        #expect(attributes["sizes"] == ["value": #"[1.5,"Infinity"]"#, "type": "string"])
        #expect(attributes["doubles"] == ["value": [1.5, 2.0], "type": "array"])
        #expect(attributes["nested"]?["type"] == "array")
        #expect(attributes["nested"]?["value"]?[0]?.stringValue != nil)
        #expect(attributes["empty"] == ["value": [], "type": "array"])
    }

    @Test func checkInAndClientReportShapes() throws {
        let checkIn = CheckIn(
            monitorSlug: "job", status: .ok, duration: 1.5,
            monitorConfig: .init(schedule: .interval(10, unit: "minute"), checkinMargin: 5))
        let json = try JSONValue.parse(checkIn.jsonBytes())
        #expect(json["status"] == "ok")
        #expect(json["monitor_config"]?["schedule"] == ["type": "interval", "value": 10, "unit": "minute"])
        let report = ClientReport(discardedEvents: [.init(reason: .ratelimitBackoff, category: .transaction, quantity: 4)])
        let reportJSON = try JSONValue.parse(report.jsonBytes())
        #expect(reportJSON["discarded_events"]?[0] == ["reason": "ratelimit_backoff", "category": "transaction", "quantity": 4])
    }
}
