import SentryCore
import SentryTesting
import SentryTransport
import Testing

@testable import SentryScope

/// One client with an in-memory transport and a real client-report recorder.
struct PipelineFixture {
    let transport = InMemoryTransport()
    let recorder = ClientReportRecorder()
    let client: SentryClient

    init(processors: [any EventProcessor] = [], configure: (inout Options) -> Void = { _ in }) {
        var options = Options()
        options.dsn = "https://public@o7.ingest.sentry.io/5"
        options.release = "app@1.2.3"
        configure(&options)
        options.applyEnvironment([:])
        client = SentryClient(
            options: options, dsn: try? options.parsedDsn(), transport: transport, recorder: recorder,
            integrationNames: ["contexts"], eventProcessors: processors)
    }

    var events: [JSONValue] {
        transport.items.filter { $0.header.type == .event }.compactMap { try? JSONValue.parse($0.payload) }
    }

    var discards: [String: Int] {
        Dictionary((recorder.takeReport()?.discardedEvents ?? []).map { ("\($0.reason.rawValue):\($0.category.rawValue)", $0.quantity) },
                   uniquingKeysWith: +)
    }
}

struct PaymentDeclined: Error {}
final class ReferenceError: Error, @unchecked Sendable {}

@Suite struct ClientPipelineTests {
    @Test func aCapturedEventGetsDefaultsAndAnEnvelopeWithTraceHeader() throws {
        let fixture = PipelineFixture()
        var scope = Scope()
        scope.setTag("v", forKey: "k")
        let id = fixture.client.capture(Event(level: .warning, message: .init(formatted: "hi")), scopes: [Scope(), scope])
        let envelope = try #require(fixture.transport.envelopes.first)
        #expect(envelope.header.eventId == id)
        #expect(envelope.header.sdk?.name == "sentry.swift.server")
        #expect(envelope.header.trace?.publicKey == "public")
        #expect(envelope.header.trace?.orgId == "7")
        #expect(envelope.header.trace?.traceId == scope.propagationContext.traceId)
        #expect(envelope.header.trace?.sampleRand?.count == 8)
        let event = try #require(fixture.events.first)
        #expect(event["release"] == "app@1.2.3")
        #expect(event["environment"] == "production")
        #expect(event["tags"] == ["k": "v"])
        #expect(event["sdk"]?["integrations"] == ["contexts"])
    }

    @Test func ignoreErrorsDropsAndCountsAsEventProcessor() {
        let fixture = PipelineFixture { $0.ignoreErrors = ["PaymentDeclined"] }
        let exceptions = ErrorConversion.exceptions(for: PaymentDeclined(), mechanism: Mechanism(type: "generic"))
        #expect(fixture.client.capture(Event(exceptions: exceptions), scopes: []) == .empty)
        #expect(fixture.transport.envelopes.isEmpty)
        #expect(fixture.discards == ["event_processor:error": 1])
    }

    @Test func anEventProcessorCanChangeOrDrop() {
        let tagging = ClosureEventProcessor { event, _ in
            var event = event
            event.tags["processed"] = "yes"
            return event
        }
        let dropping = ClosureEventProcessor { event, _ in event.message?.formatted == "drop me" ? nil : event }
        let fixture = PipelineFixture(processors: [tagging, dropping])
        var scope = Scope()
        scope.addEventProcessor(ClosureEventProcessor { event, _ in
            var event = event
            event.tags["scope"] = "first"
            return event
        })
        fixture.client.capture(Event(message: .init(formatted: "keep me")), scopes: [scope])
        fixture.client.capture(Event(message: .init(formatted: "drop me")), scopes: [scope])
        #expect(fixture.events.count == 1)
        #expect(fixture.events.first?["tags"] == ["processed": "yes", "scope": "first"])
        #expect(fixture.discards == ["event_processor:error": 1])
    }

    @Test func beforeSendChangesOrDropsErrorsButNotTransactions() {
        let fixture = PipelineFixture { options in
            options.beforeSend = { event in
                guard event.message?.formatted != "secret" else { return nil }
                var event = event
                event.tags["seen"] = "beforeSend"
                return event
            }
        }
        fixture.client.capture(Event(message: .init(formatted: "public")), scopes: [])
        fixture.client.capture(Event(message: .init(formatted: "secret")), scopes: [])
        var transaction = Event()
        transaction.kind = .transaction
        transaction.spans = [SpanRecord(traceId: SentryId(), spanId: SpanId(), startTimestamp: .now())]
        fixture.client.capture(transaction, scopes: [])
        #expect(fixture.events.map { $0["tags"]?["seen"] } == ["beforeSend"])
        #expect(fixture.transport.items.contains { $0.header.type == .transaction })
        #expect(fixture.discards == ["before_send:error": 1])
    }

    @Test func beforeSendTransactionDropsCountSpansPlusOne() {
        let fixture = PipelineFixture { $0.beforeSendTransaction = { _ in nil } }
        var transaction = Event()
        transaction.kind = .transaction
        transaction.spans = (0..<3).map { _ in SpanRecord(traceId: SentryId(), spanId: SpanId(), startTimestamp: .now()) }
        fixture.client.capture(transaction, scopes: [])
        #expect(fixture.discards == ["before_send:transaction": 1, "before_send:span": 4])
    }

    @Test func sampleRateDropsItsShareAndCountsThem() {
        let none = PipelineFixture { $0.sampleRate = 0 }
        for _ in 0..<10 { none.client.capture(Event(message: .init(formatted: "x")), scopes: []) }
        #expect(none.transport.envelopes.isEmpty)
        #expect(none.discards == ["sample_rate:error": 10])
        let half = PipelineFixture { $0.sampleRate = 0.5 }
        for _ in 0..<4_000 { half.client.capture(Event(message: .init(formatted: "x")), scopes: []) }
        let sent = half.transport.envelopes.count
        #expect(sent > 1_800 && sent < 2_200)  // ±6 standard deviations
        #expect(half.discards["sample_rate:error"] == 4_000 - sent)
    }

    @Test func theSameErrorCapturedTwiceIsSentOnce() {
        let fixture = PipelineFixture()
        let hub = SentryHub(client: fixture.client)
        let shared = ReferenceError()
        hub.capture(error: shared, hint: .none)
        hub.capture(error: shared, hint: .none)
        hub.capture(error: ReferenceError(), hint: .none)
        #expect(fixture.events.count == 2)
        #expect(fixture.discards == ["event_processor:error": 1])
    }

    @Test func oversizedAttachmentsAreDroppedAndCounted() throws {
        let fixture = PipelineFixture { $0.maxAttachmentSize = 10 }
        var scope = Scope()
        scope.addAttachment(Attachment(bytes: Array("small".utf8), filename: "ok.txt"))
        let hint = CaptureHint(attachments: [Attachment(bytes: [UInt8](repeating: 0, count: 100), filename: "big.bin")])
        fixture.client.capture(Event(message: .init(formatted: "with files")), hint: hint, scopes: [scope])
        let envelope = try #require(fixture.transport.envelopes.first)
        #expect(envelope.items.map(\.header.type) == [.event, .attachment])
        #expect(envelope.items[1].header.filename == "ok.txt")
        #expect(fixture.discards == ["send_error:attachment": 100])
    }

    @Test func truncationKeepsWithinProtocolLimits() throws {
        let fixture = PipelineFixture { $0.maxValueLength = 50 }
        var event = Event(message: .init(formatted: String(repeating: "m", count: 10_000)))
        event.tags = [String(repeating: "k", count: 300): String(repeating: "v", count: 300)]
        event.environment = String(repeating: "e", count: 100)
        event.extra = ["long": .string(String(repeating: "x", count: 1_000))]
        fixture.client.capture(event, scopes: [])
        let json = try #require(fixture.events.first)
        #expect(json["logentry"]?["formatted"]?.stringValue?.count == 50)
        #expect(json["logentry"]?["formatted"]?.stringValue?.hasSuffix("...") == true)
        let tag = try #require(json["tags"]?.objectValue?.first)
        #expect(tag.key.count == 200 && tag.value.stringValue?.count == 200)
        #expect(json["environment"]?.stringValue?.count == 64)
        #expect(json["extra"]?["long"]?.stringValue?.count == 50)
    }

    @Test func errorsBecomeExceptionChainsRootFirst() throws {
        struct Root: Error, CustomStringConvertible { var description: String { "disk full" } }
        struct Middle: ErrorWithCause { var underlyingErrors: [any Error] { [Root()] } }
        struct Top: ErrorWithCause, CustomStringConvertible {
            var description: String { "request failed" }
            var underlyingErrors: [any Error] { [Middle()] }
        }
        let exceptions = ErrorConversion.exceptions(for: Top(), mechanism: Mechanism(type: "generic", handled: true))
        #expect(exceptions.map(\.value) == ["disk full", "Middle()", "request failed"])
        #expect(exceptions.last?.type?.hasSuffix("Top") == true)
        #expect(exceptions.last?.module == "SentryScopeTests")
        #expect(exceptions.map(\.mechanism?.exceptionId) == [2, 1, 0])
        #expect(exceptions.map(\.mechanism?.parentId) == [1, 0, nil])
        #expect(exceptions.last?.mechanism?.type == "generic")
        #expect(exceptions.first?.mechanism?.type == "chained")
        // A single error has no chain ids.
        let single = ErrorConversion.exceptions(for: Root(), mechanism: Mechanism(type: "generic"))
        #expect(single.count == 1 && single[0].mechanism?.exceptionId == nil)
    }

    @Test func endlessCauseChainsAreBounded() {
        struct Loop: ErrorWithCause { var underlyingErrors: [any Error] { [Loop(), Loop()] } }
        let exceptions = ErrorConversion.exceptions(for: Loop(), mechanism: Mechanism(type: "generic"))
        #expect(exceptions.count == ErrorConversion.maxChainLength)
        #expect(exceptions.last?.mechanism?.isExceptionGroup == true)
    }

    @Test func attachStacktraceAddsTheCallersAddresses() throws {
        let fixture = PipelineFixture { $0.attachStacktrace = true }
        let hub = SentryHub(client: fixture.client)
        hub.capture(error: PaymentDeclined(), hint: .none)
        hub.capture(message: "with stack", level: .info, hint: .none)
        let errorFrames = try #require(fixture.events.first?["exception"]?["values"]?[0]?["stacktrace"]?["frames"]?.arrayValue)
        #expect(errorFrames.count > 3)
        #expect(errorFrames.allSatisfy { $0["instruction_addr"]?.stringValue?.hasPrefix("0x") == true })
        let thread = try #require(fixture.events.last?["threads"]?["values"]?[0])
        #expect(thread["current"] == true)
        #expect((thread["stacktrace"]?["frames"]?.arrayValue?.count ?? 0) > 3)
    }
}

@Suite struct BreadcrumbHookTests {
    @Test func beforeBreadcrumbChangesOrDrops() throws {
        let fixture = PipelineFixture { options in
            options.beforeBreadcrumb = { crumb in
                guard crumb.category != "noise" else { return nil }
                var crumb = crumb
                crumb.data["checked"] = true
                return crumb
            }
        }
        let hub = SentryHub(client: fixture.client)
        Scopes.withIsolationScope { _ in
            hub.addBreadcrumb(Breadcrumb(message: "kept", category: "app"))
            hub.addBreadcrumb(Breadcrumb(message: "dropped", category: "noise"))
            hub.capture(message: "with crumbs", level: .info, hint: .none)
        }
        let crumbs = try #require(fixture.events.first?["breadcrumbs"]?["values"]?.arrayValue)
        #expect(crumbs.map { $0["message"] } == ["kept"])
        #expect(crumbs.first?["data"]?["checked"] == true)
    }
}
