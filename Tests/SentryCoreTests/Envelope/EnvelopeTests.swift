import Testing

@testable import SentryCore

@Suite struct EnvelopeTests {
    static func everyItem() -> [EnvelopeItem] {
        let trace = SentryId()
        var transaction = Event()
        transaction.kind = .transaction
        transaction.transaction = "GET /users/:id"
        transaction.startTimestamp = SentryTimestamp(secondsSince1970: 1)
        transaction.spans = [
            SpanRecord(traceId: trace, spanId: SpanId(), op: "db", startTimestamp: .now()),
            SpanRecord(traceId: trace, spanId: SpanId(), op: "http.client", startTimestamp: .now()),
        ]
        return [
            EnvelopeItem(event: Event(level: .error, message: .init(formatted: "boom"))),
            EnvelopeItem(event: transaction),
            EnvelopeItem(attachment: Attachment(bytes: [0, 10, 13, 255, 10, 10], filename: "/tmp/dump.bin")),
            EnvelopeItem(session: Session(release: "app@1")),
            EnvelopeItem(sessions: SessionAggregates(
                aggregates: [.init(started: .now(), exited: 3, errored: 1)], attributes: .init(release: "app@1"))),
            EnvelopeItem(clientReport: ClientReport(discardedEvents: [.init(reason: .queueOverflow, category: .error, quantity: 2)])),
            EnvelopeItem(profile: Array(#"{"version":"1"}"#.utf8)),
            EnvelopeItem(profileChunk: Array(#"{"version":"2","platform":"native"}"#.utf8), platform: "native"),
            EnvelopeItem(checkIn: CheckIn(monitorSlug: "nightly", status: .inProgress, monitorConfig: .init(schedule: .crontab("0 * * * *")))),
            EnvelopeItem(logs: [SentryLog(traceId: trace, level: .warn, body: "careful")]),
            EnvelopeItem(metrics: [MetricRecord(traceId: trace, name: "api.requests", kind: .counter, value: 1)]),
            EnvelopeItem(container: .span, contentType: ContainerContentType.span, items: [JSONValue.object(["name": "x"])]),
            EnvelopeItem(feedback: Event(message: .init(formatted: "great app"))),
            EnvelopeItem(type: .userReport, json: JSONValue.object(["comments": "hi"])),
        ]
    }

    @Test func everyItemTypeRoundTrips() throws {
        let header = Envelope.Header(
            eventId: SentryId(), sentAt: SentryTimestamp(secondsSince1970: 1_767_225_600.5), sdk: SdkInfo(),
            trace: DynamicSamplingContext(traceId: SentryId(), publicKey: "key", sampleRate: "1.0", sampled: "true"))
        let envelope = Envelope(header: header, items: Self.everyItem())
        let parsed = try Envelope.parse(envelope.serialize())
        #expect(parsed.header == envelope.header)
        #expect(parsed.items.count == envelope.items.count)
        for (original, read) in zip(envelope.items, parsed.items) {
            #expect(read.header == original.header)
            #expect(read.payload == original.payload)
        }
        let types = parsed.items.map(\.header.type.rawValue)
        #expect(types == ["event", "transaction", "attachment", "session", "sessions", "client_report", "profile",
                          "profile_chunk", "check_in", "log", "trace_metric", "span", "feedback", "user_report"])
    }

    @Test func wireFormatHasLengthsAndOneLineHeaders() throws {
        let event = Event(message: .init(formatted: "multi\nline"))
        let bytes = Envelope(event: event).serialize()
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == #"{"event_id":"\#(event.eventId)"}"#)
        let itemHeader = try JSONValue.parse(String(lines[1]))
        #expect(itemHeader["type"] == "event")
        #expect(itemHeader["length"]?.intValue == Int64(EnvelopeItem(event: event).payload.count))
        #expect(bytes.last == UInt8(ascii: "\n"))
    }

    @Test func readsEnvelopesWithoutLengthsAndUnknownTypes() throws {
        let text = "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\",\"unknown\":1}\n"
            + "{\"type\":\"attachment\"}\nhello\n{\"type\":\"future_thing\",\"extra\":true,\"length\":3}\nabc"
        let envelope = try Envelope.parse(Array(text.utf8))
        #expect(envelope.header.eventId == SentryId(hex: "9ec79c33ec9942ab8353589fcb2e04dc"))
        #expect(envelope.header.other["unknown"] == 1)
        #expect(envelope.items.map(\.payload) == [Array("hello".utf8), Array("abc".utf8)])
        #expect(envelope.items[1].header.type.rawValue == "future_thing")
        #expect(envelope.items[1].header.other["extra"] == true)
        // Unknown keys survive a second round trip.
        #expect(try Envelope.parse(envelope.serialize()) == envelope)
    }

    @Test(arguments: [
        "", "not json", "[]\n", "{}\n{\"length\":2}\nab", "{}\n{\"type\":\"event\",\"length\":10}\nshort",
        "{}\n{\"type\":\"event\",\"length\":-1}\n", "{}\n{\"type\":\"event\",\"length\":2}\nabc",
        "{}\n{\"type\":\"\"}\nx", "{}\nnot a header\n",
    ])
    func malformedEnvelopesThrow(_ text: String) {
        #expect(throws: EnvelopeParseError.self) { try Envelope.parse(Array(text.utf8)) }
    }

    @Test func randomMutationsNeverCrashTheParser() {
        let valid = Envelope(header: .init(eventId: SentryId()), items: Self.everyItem()).serialize()
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) { bytes.removeLast(Int.random(in: 0..<bytes.count, using: &generator)) }
            _ = try? Envelope.parse(bytes)
        }
    }

    @Test func itemsReportTheirDataCategories() {
        let items = Self.everyItem()
        func categories(_ index: Int) -> [String: Int] {
            Dictionary(items[index].dataCategories.map { ($0.category.rawValue, $0.quantity) }, uniquingKeysWith: +)
        }
        #expect(categories(0) == ["error": 1])
        #expect(categories(1) == ["transaction": 1, "span": 3])  // two spans + the transaction itself
        #expect(categories(2) == ["attachment": 6, "attachment_item": 1])
        #expect(categories(5) == ["internal": 1])
        #expect(categories(7) == ["profile_chunk": 1])
        #expect(categories(8) == ["monitor": 1])
        #expect(categories(9)["log_item"] == 1)
        #expect(categories(9)["log_byte"] == items[9].payload.count)
        #expect(categories(10)["trace_metric"] == 1)
        // A transaction read back from disk still counts its spans.
        let reread = EnvelopeItem(header: items[1].header, payload: items[1].payload)
        #expect(reread.dataCategories.first { $0.category == .span }?.quantity == 3)
    }

    @Test func containersCarryVersionCountAndContentType() throws {
        let trace = SentryId()
        let item = EnvelopeItem(logs: [
            SentryLog(traceId: trace, level: .info, body: "a"), SentryLog(traceId: trace, level: .fatal, body: "b"),
        ])
        #expect(item.header.itemCount == 2)
        #expect(item.header.contentType == "application/vnd.sentry.items.log+json")
        let payload = try JSONValue.parse(item.payload)
        #expect(payload["version"] == 2)
        #expect(payload["items"]?[1]?["level"] == "fatal")
        #expect(payload["items"]?[1]?["severity_number"] == 21)
    }
}
