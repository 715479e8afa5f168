import Foundation
import Sentry
import SentryInbox
import Testing

/// The fatal event a real crash leaves (threads, signal mechanism, `handled: false`, the scope
/// snapshot) and the crashed session that goes with it pass the same Relay check as everything
/// else the SDK emits (`RelayValidationTests`). `SentryCrashChild` crashes, its next run sends.
@Suite struct RelayCrashValidationTests {
    /// ThreadSanitizer intercepts fatal signals, so a child built with it does not crash for real.
    static let runsUnderThreadSanitizer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil

    static var crashChild: String? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return [directory, directory.deletingLastPathComponent()]
            .map { $0.appendingPathComponent("SentryCrashChild").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the crash child to its end (it crashes or exits within seconds; the deadline guards a hang).
    static func runChild(_ arguments: [String]) throws -> (status: Int32, crashed: Bool) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(crashChild, "build the crash child first: swift build"))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["SENTRY_DSN"] = nil
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("the crash child did not finish in 30 s: \(arguments)")
        }
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    @Test(.disabled(if: runsUnderThreadSanitizer, "TSan intercepts fatal signals"), arguments: ["segfault", "fatal-error"])
    func aCrashReportPassesRelaysValidation(method: String) throws {
        try RelayValidationTests.requireRelay()
        let directory = try RelayValidationTests.temporaryDirectory("relay-crash")
        let cache = try RelayValidationTests.temporaryDirectory("relay-crash-cache")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: cache)
        }
        let inbox = try InboxServer(configuration: InboxConfiguration(storageDirectory: directory.path))
        defer { inbox.stop() }
        #expect(try Self.runChild(["crash", method, inbox.dsn, cache.path]).crashed)
        #expect(try Self.runChild(["report", inbox.dsn, cache.path]).status == 0)
        let received = inbox.waitForEnvelopes(count: 2, timeout: .seconds(10))
        let event = try received.flatMap(\.envelope.items).filter { $0.header.type == .event }.map { try JSONValue.parse($0.payload) }.first
        #expect(event?["level"] == "fatal")
        #expect(event?["exception"]?["values"]?.arrayValue?.last?["mechanism"]?["handled"] == false)

        let result = try RelayValidationTests.runPython(["Scripts/relay_check.py", directory.path])
        #expect(result.status == 0, "relay_check found problems in the crash report:\n\(result.output)")
        #expect(result.output.contains(" event ("), "\(result.output)")
        #expect(result.output.contains(" sessions ("), "\(result.output)")
    }
}
