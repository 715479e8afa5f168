import Foundation
import Sentry
import SentryInbox
import SentryTesting
import Testing

/// Collects the SDK's diagnostics.
final class DiagnosticLines: DiagnosticLogger {
    private let stored = Locked<[String]>([])
    var lines: [String] { stored.withLock { $0 } }
    func log(_ level: SentryLevel, _ message: String) { stored.withLock { $0.append("\(level.rawValue): \(message)") } }
}

struct CheckoutFailed: ErrorWithCause, CustomStringConvertible {
    var description: String { "checkout failed" }
    var underlyingErrors: [any Error] { [CardDeclined(code: 51)] }
}

struct CardDeclined: Error, CustomStringConvertible {
    var code: Int
    var description: String { "card declined (\(code))" }
}

/// `SentrySDK.start` installs a process-wide hub, so these run one at a time.
@Suite(.serialized) struct StartTests {
    @Test func aCapturedErrorArrivesWithEveryProtocolField() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        SentrySDK.start { options in
            options.dsn = inbox.dsn
            options.release = "shop@2.0.0"
            options.environment = "staging"
            options.dist = "linux-x86_64"
            options.serverName = "web-3"
            options.attachStacktrace = true
            options.enableDiskSpool = false
        }
        defer { SentrySDK.close() }
        let id = SentrySDK.withIsolationScope { scope in
            scope.setTag("/checkout", forKey: "route")
            scope.setUser(User(id: "u1", email: "u1@example.com"))
            SentrySDK.addBreadcrumb(Breadcrumb(message: "cart loaded", category: "app"))
            SentrySDK.addFeatureFlag("fast-checkout", result: false)
            return SentrySDK.capture(error: CheckoutFailed())
        }
        #expect(id != .empty)
        #expect(SentrySDK.flush(timeout: .seconds(5)))
        let received = try #require(inbox.waitForEnvelopes(count: 1, timeout: .seconds(5)).first)
        #expect(received.envelope.header.eventId == id)
        #expect(received.envelope.header.trace?.publicKey == InboxConfiguration.defaultPublicKey)
        let event = try JSONValue.parse(try #require(received.items.first { $0.header.type == .event }).payload)

        // Top level (protocol.md §3.1).
        #expect(event["event_id"]?.stringValue == id.description)
        #expect(event["platform"] == "native")
        #expect(event["level"] == "error")
        #expect(event["release"] == "shop@2.0.0")
        #expect(event["environment"] == "staging")
        #expect(event["dist"] == "linux-x86_64")
        #expect(event["server_name"] == "web-3")
        #expect((event["timestamp"]?.doubleValue ?? 0) > 1_700_000_000)
        #expect(event["tags"]?["route"] == "/checkout")
        #expect(event["user"] == ["id": "u1", "email": "u1@example.com"])
        // Exceptions, oldest first, with mechanism and chain ids (§3.2).
        let values = try #require(event["exception"]?["values"]?.arrayValue)
        #expect(values.count == 2)
        #expect(values[0]["type"] == "SentryTests.CardDeclined")
        #expect(values[0]["value"] == "card declined (51)")
        #expect(values[0]["module"] == "SentryTests")
        #expect(values[0]["mechanism"] == ["type": "chained", "handled": true, "exception_id": 1, "parent_id": 0, "source": "underlyingError"])
        #expect(values[1]["type"] == "SentryTests.CheckoutFailed")
        #expect(values[1]["mechanism"]?["type"] == "generic")
        #expect(values[1]["mechanism"]?["handled"] == true)
        #expect(values[1]["mechanism"]?["exception_id"] == 0)
        #expect((values[1]["stacktrace"]?["frames"]?.arrayValue?.count ?? 0) > 2)
        #expect(values[1]["thread_id"]?.intValue != nil)
        // Breadcrumbs, contexts, SDK (§3.6–3.8).
        #expect(event["breadcrumbs"]?["values"]?[0]?["message"] == "cart loaded")
        #expect(event["contexts"]?["os"]?["name"] == "Linux")
        #expect(event["contexts"]?["runtime"]?["name"] == "swift")
        #expect(event["contexts"]?["device"]?["processor_count"]?.intValue == Int64(ProcessInfo.processInfo.activeProcessorCount))
        #expect(event["contexts"]?["app"]?["app_start_time"]?.stringValue?.hasSuffix("Z") == true)
        #expect(event["contexts"]?["trace"]?["trace_id"]?.stringValue?.count == 32)
        #expect(event["contexts"]?["flags"]?["values"] == [["flag": "fast-checkout", "result": false]])
        #expect(event["sdk"]?["name"] == "sentry.swift.server")
        #expect(event["sdk"]?["integrations"]?.arrayValue?.contains("contexts") == true)
        // Nothing set in the isolation scope leaked out.
        SentrySDK.capture(message: "outside")
        #expect(SentrySDK.flush(timeout: .seconds(5)))
        let outside = inbox.waitForEnvelopes(count: 2, timeout: .seconds(5)).last
        let outsideEvent = try JSONValue.parse(try #require(outside?.items.first?.payload))
        #expect(outsideEvent["tags"]?["route"] == nil)
        #expect(outsideEvent["user"] == nil)
        #expect(outsideEvent["breadcrumbs"] == nil)
    }

    @Test func aMalformedDSNLeavesTheSDKDisabledWithOneDiagnostic() {
        let lines = DiagnosticLines()
        SentrySDK.start { options in
            options.dsn = "https://no-project@example.com"
            options.debug = true
            options.diagnosticLogger = lines
        }
        #expect(!SentrySDK.isEnabled)
        #expect(SentrySDK.capture(message: "nowhere") == .empty)
        #expect(lines.lines.count == 1)
        #expect(lines.lines.first?.contains("no project id") == true)
    }

    @Test func noDSNLeavesTheSDKDisabled() {
        SentrySDK.start(options: Options(), environment: [:])
        #expect(!SentrySDK.isEnabled)
    }

    @Test func aSecondStartReplacesTheFirst() throws {
        let first = try InboxServer()
        let second = try InboxServer()
        defer {
            first.stop()
            second.stop()
        }
        SentrySDK.start { options in
            options.dsn = first.dsn
            options.enableDiskSpool = false
        }
        SentrySDK.capture(message: "to the first")
        SentrySDK.start { options in
            options.dsn = second.dsn
            options.enableDiskSpool = false
        }
        SentrySDK.capture(message: "to the second")
        SentrySDK.close()
        // The first client was flushed on replacement; each inbox got exactly its own event. (Other
        // suites running in parallel may reach the process-wide SDK too: only messages count.)
        func messages(_ inbox: InboxServer) -> [String] {
            _ = inbox.waitForEnvelopes(count: 1, timeout: .seconds(5))
            return inbox.received().flatMap(\.envelope.items).filter { $0.header.type == .event }
                .compactMap { try? JSONValue.parse($0.payload)["logentry"]?["formatted"]?.stringValue }
                .filter { $0.hasPrefix("to the ") }
        }
        #expect(messages(first) == ["to the first"])
        #expect(messages(second) == ["to the second"])
        #expect(!SentrySDK.isEnabled)
    }

    @Test func capturedEventsStayWithTheirTest() async throws {
        let captured = try await withCapturedEvents {
            SentrySDK.setTag("mine", forKey: "test")
            SentrySDK.capture(message: "in memory")
            try await Task.sleep(for: .milliseconds(1))
        }
        #expect(captured.events.count == 1)
        #expect(captured.events.first?["logentry"]?["formatted"] == "in memory")
        #expect(captured.events.first?["tags"]?["test"] == "mine")
        #expect(!SentrySDK.isEnabled)
    }

    @Test func theExampleAppSendsItsScenarioToTheLocalInbox() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("sentry-example")
        let path = FileManager.default.fileExists(atPath: executable.path) ? executable.path
            : URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("sentry-example").path
        try #require(FileManager.default.fileExists(atPath: path), "build the example first: swift build")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        var environment = ProcessInfo.processInfo.environment
        environment["SENTRY_DSN"] = nil
        // A crash report left by `sentry-example crash` would be sent as a fourth event.
        environment["XDG_CACHE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-example-\(UUID().uuidString)").path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let received = output.split(separator: "\n").filter { $0.contains("inbox ← event") }
        #expect(received.count == 4, "\(output)")
        #expect(output.contains("\"Hello from sentry-example\""))
        #expect(output.contains("SentryExample.RequestError: request to /users/42 failed"))
        // The thrown error shows where it was thrown: `loadUser(id:)`, not the catch site.
        let thrown = output.split(separator: "\n").first { $0.contains("request to /users/42 failed") }
        #expect(thrown?.contains("at SentryExample.loadUser(id:) (Sources/SentryExample/main.swift:") == true, "\(output)")
        #expect(output.contains("SentryExample.DatabaseError: connection reset by peer (code 110)"))
        #expect(output.contains("SentryExample.RequestError: request to /orders/9 failed"))
        for type in ["transaction", "log", "trace_metric", "sessions"] {
            #expect(output.split(separator: "\n").contains { $0.contains("inbox ← \(type) ") }, "no \(type) in \(output)")
        }
        #expect(output.contains("\"GET /orders/:id\""))
        #expect(output.contains("The inbox received 8 envelope(s), 8 item(s)."))
        // The outgoing HTTP call carried the transaction's trace.
        let carried = output.split(separator: "\n").first { $0.hasPrefix("The outgoing call carried sentry-trace: ") }
        #expect(carried?.hasSuffix("-1") == true)
    }
}
