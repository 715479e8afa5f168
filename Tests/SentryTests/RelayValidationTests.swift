import Foundation
import Sentry
import SentryInbox
import Testing

/// The real SDK emits every item type it has into the local inbox's envelope files, and
/// `Scripts/relay_check.py` validates them: events and transactions with Relay's own normalizer
/// (PyPI `sentry-relay`), the other types against the protocol digest. Runs with the process-wide
/// SDK, so inside `StartTests`.
///
/// To cover a new item type (profile, profile_chunk, feedback, span v2 for gen_ai …): append a
/// ``RelayValidationTests/Emitter`` to ``RelayValidationTests/emitters`` (the options it needs and
/// the calls that make the SDK send it), and give the checker a `check_<type>` in its
/// `ITEM_CHECKS` if it has none.
enum RelayValidationTests {
    /// One item type and how to make the SDK emit it.
    struct Emitter: Sendable {
        /// The envelope item type that must arrive.
        var itemType: String
        /// Options this item type needs (all emitters' configurations apply to one SDK start).
        var configure: @Sendable (inout Options) -> Void = { _ in }
        /// Makes the SDK emit at least one item of ``itemType``.
        var emit: @Sendable () -> Void
    }

    struct CheckoutDeclined: Error, CustomStringConvertible {
        var description: String { "card declined at checkout" }
    }

    struct PaymentGatewayDown: Error {}

    /// The message a `beforeSend` drops, so a `before_send` discard lands in a client report.
    static let droppedMessage = "dropped on purpose by beforeSend"

    static let emitters: [Emitter] = [
        Emitter(itemType: "event", configure: { $0.attachStacktrace = true }) {
            SentrySDK.capture(error: CheckoutDeclined())  // exception + stacktrace + debug_meta
            SentrySDK.capture(error: CheckoutFailed())  // a chain: CardDeclined caused it
            SentrySDK.capture(message: "checkout slow", level: .warning)
            // A request as a framework integration attaches it, hostile parts scrubbed by the SDK.
            SentrySDK.withScope { scope in
                scope.configure { scope in
                    scope.addEventProcessor(ClosureEventProcessor { event, _ in
                        var event = event
                        event.request = StartTests.hostileRequest()
                        return event
                    })
                    scope.setExtra(StartTests.nestedSecrets, forKey: "payload")
                    scope.setContext(["region": "eu-1", "shard": 3], forKey: "deployment")
                    scope.fingerprint = ["{{ default }}", "checkout"]
                }
                SentrySDK.addBreadcrumb(Breadcrumb(
                    message: "GET /cart", category: "http", level: .info, type: "http",
                    data: ["url": "https://shop.example/cart", "method": "GET", "status_code": 200]))
                SentrySDK.capture(message: "request failed", level: .error)
            }
        },
        Emitter(itemType: "feedback") {
            let seen = SentrySDK.capture(message: "the user saw this")
            SentrySDK.capture(feedback: Feedback(
                message: "The checkout button did nothing", name: "Ada", email: "ada@example.com",
                associatedEventId: seen))
        },
        Emitter(itemType: "attachment") {
            SentrySDK.withScope { scope in
                scope.addAttachment(Attachment(bytes: Array("order 42\n".utf8), filename: "/tmp/order.txt", contentType: "text/plain"))
                SentrySDK.capture(message: "order with attachment")
            }
        },
        Emitter(itemType: "transaction", configure: { $0.tracesSampleRate = 1 }) {
            SentrySDK.withSpan(operation: "http.server", name: "POST /checkout") { transaction in
                let span = transaction.startChild(operation: "db.query", description: "SELECT * FROM orders WHERE id = ?")
                span.setData(.string("postgresql"), forKey: "db.system")
                span.setData(.double(.nan), forKey: "db.rows_per_ms")
                span.setTag("primary", forKey: "db.role")
                span.finish()
                let call = transaction.startChild(operation: "http.client", description: "GET https://psp.example/charge")
                call.setStatus(.internalError)
                call.setData(500, forKey: "http.response.status_code")
                call.finish()
                transaction.setMeasurement("checkout.items", value: 3, unit: "none")
                transaction.setTag("web", forKey: "tier")
                SentrySDK.capture(error: PaymentGatewayDown())  // an error inside the transaction
            }
        },
        Emitter(itemType: "session") {
            SentrySDK.startSession()
            SentrySDK.endSession()
        },
        Emitter(itemType: "sessions") {
            SentrySDK.withRequestSession { _ in }
            SentrySDK.withRequestSession { _ in SentrySDK.capture(error: CheckoutDeclined()) }
        },
        Emitter(itemType: "log", configure: { $0.enableLogs = true }) {
            SentrySDK.logger.info("card charged", attributes: ["amount": Attribute(.int(4200)), "retry": Attribute(.bool(false))])
            SentrySDK.logger.warn("slow gateway", attributes: ["latency": Attribute(.double(812.5))])
        },
        // Values a caller may hand over that have no JSON number: they must still arrive typed.
        Emitter(itemType: "log", configure: { $0.enableLogs = true }) {
            SentrySDK.logger.error("edge values", attributes: [
                "ratio": Attribute(.double(.nan)), "limit": Attribute(.double(-.infinity)),
                "mixed": Attribute(.array([.string("a"), .int(1)])), "sizes": Attribute(.array([.double(1.5), .double(.infinity)])),
                "nested": Attribute(.array([.array([.int(1)])])), "empty": Attribute(.array([])),
            ])
        },
        Emitter(itemType: "trace_metric") {
            SentrySDK.metrics.count(key: "checkout.completed", attributes: ["route": Attribute(.string("/checkout"))])
            SentrySDK.metrics.gauge(key: "queue.depth", value: 7)
            SentrySDK.metrics.distribution(key: "checkout.latency", value: 125.5, unit: "millisecond")
        },
        Emitter(itemType: "check_in") {
            SentrySDK.captureCheckIn(
                monitorSlug: "nightly-import", status: .ok, duration: 1.5,
                monitorConfig: CheckIn.MonitorConfig(schedule: .crontab("0 3 * * *"), checkinMargin: 5, maxRuntime: 30, timezone: "Europe/Berlin"))
        },
        Emitter(itemType: "client_report", configure: { options in
            options.beforeSend = { event in event.message?.formatted == RelayValidationTests.droppedMessage ? nil : event }
        }) {
            SentrySDK.capture(message: RelayValidationTests.droppedMessage)
        },
    ]

    /// The repository root (this file is `Tests/SentryTests/RelayValidationTests.swift`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The interpreter with `sentry_relay`: `SENTRY_RELAY_CHECK_PYTHON`, else the `.build-venv` that
    /// `Scripts/bootstrap.sh` makes, else `python3` on `PATH`.
    static func pythonCommand() -> [String] {
        if let python = ProcessInfo.processInfo.environment["SENTRY_RELAY_CHECK_PYTHON"], !python.isEmpty { return [python] }
        let venv = repositoryRoot.appendingPathComponent(".build-venv/bin/python3").path
        if FileManager.default.isExecutableFile(atPath: venv) { return [venv] }
        return ["/usr/bin/env", "python3"]
    }

    /// Runs `python … arguments`, returning its exit status and its stdout and stderr together.
    static func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let command = pythonCommand() + arguments
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = repositoryRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// Fails the test (never skips it) when Python or `sentry_relay` is missing: CI installs both.
    static func requireRelay() throws {
        let result: (status: Int32, output: String)
        do {
            result = try runPython(["-c", "import sentry_relay.processing"])
        } catch {
            Issue.record("cannot run \(pythonCommand().joined(separator: " ")): \(error); run Scripts/bootstrap.sh")
            throw error
        }
        try #require(
            result.status == 0,
            "sentry_relay (PyPI sentry-relay) is not importable with \(pythonCommand().joined(separator: " ")); run Scripts/bootstrap.sh\n\(result.output)")
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}

extension StartTests {
    @Test func everyItemTypeTheSDKEmitsPassesRelaysValidation() throws {
        try RelayValidationTests.requireRelay()
        let directory = try RelayValidationTests.temporaryDirectory("relay-validation")
        // SENTRY_RELAY_CHECK_KEEP=1 keeps the envelope files for a look (the path is in the checker's output).
        defer { if ProcessInfo.processInfo.environment["SENTRY_RELAY_CHECK_KEEP"] == nil { try? FileManager.default.removeItem(at: directory) } }
        let inbox = try InboxServer(configuration: InboxConfiguration(storageDirectory: directory.path))
        defer { inbox.stop() }
        SentrySDK.start { options in
            options.dsn = inbox.dsn
            options.release = "shop@3.1.0"
            options.environment = "staging"
            options.dist = "linux-x86_64"
            options.serverName = "web-7"
            options.enableDiskSpool = false
            for emitter in RelayValidationTests.emitters { emitter.configure(&options) }
        }
        // In an isolation scope of its own, so nothing set here leaks into the tests after it.
        SentrySDK.withIsolationScope { scope in
            scope.configure { scope in
                scope.setTag("/checkout", forKey: "route")
                scope.user = User(id: "u1", email: "u1@example.com")
            }
            SentrySDK.addBreadcrumb(Breadcrumb(message: "cart loaded", category: "app"))
            for emitter in RelayValidationTests.emitters { emitter.emit() }
        }
        #expect(SentrySDK.flush(timeout: .seconds(10)))
        SentrySDK.close()

        let received = inbox.received()
        let types = Set(received.flatMap(\.itemTypes))
        for emitter in RelayValidationTests.emitters {
            #expect(types.contains(emitter.itemType), "the SDK emitted no \(emitter.itemType) item (got \(types.sorted()))")
        }
        // The error event carries what the checker must see: an exception with a stack and debug images.
        let error = try received.flatMap(\.envelope.items).filter { $0.header.type == .event }
            .map { try JSONValue.parse($0.payload) }
            .first { $0["exception"] != nil }
        #expect((error?["exception"]?["values"]?.arrayValue?.last?["stacktrace"]?["frames"]?.arrayValue?.count ?? 0) > 0)
        #expect((error?["debug_meta"]?["images"]?.arrayValue?.count ?? 0) > 0)
        let stored = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".envelope") }
        #expect(stored.count == received.count, "every received envelope is a file the checker reads")

        let result = try RelayValidationTests.runPython(["Scripts/relay_check.py", directory.path])
        #expect(result.status == 0, "relay_check found problems:\n\(result.output)")
        for emitter in RelayValidationTests.emitters {
            #expect(result.output.contains(" \(emitter.itemType) ("), "the checker did not check a \(emitter.itemType) item:\n\(result.output)")
        }
    }

    /// The check can fail: an envelope with an event Relay rejects makes it exit non-zero, naming the field.
    @Test func theRelayCheckRejectsABrokenEvent() throws {
        try RelayValidationTests.requireRelay()
        let directory = try RelayValidationTests.temporaryDirectory("relay-validation-broken")
        defer { try? FileManager.default.removeItem(at: directory) }
        let id = "0123456789abcdef0123456789abcdef"
        let event = #"{"event_id":"\#(id)","timestamp":\#(Date().timeIntervalSince1970),"platform":"native","level":"loud","contexts":{"trace":{"trace_id":"nope","span_id":"b1b2b3b4b5b6b7b8"}}}"#
        let envelope = "{\"event_id\":\"\(id)\"}\n{\"type\":\"event\",\"length\":\(event.utf8.count)}\n\(event)\n"
        try Data(envelope.utf8).write(to: directory.appendingPathComponent("000001-0-\(id).envelope"))
        let result = try RelayValidationTests.runPython(["Scripts/relay_check.py", directory.path])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("level: invalid_data: invalid level"), "\(result.output)")
        #expect(result.output.contains("contexts.trace.trace_id: invalid_data: not a valid trace id"), "\(result.output)")
    }
}
