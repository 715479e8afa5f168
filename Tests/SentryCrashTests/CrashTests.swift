import Foundation
import SentryCore
import SentryInbox
import SentryTesting
import Testing

import SentrySymbolication
@testable import SentryCrash

/// Runs `SentryCrashChild` (built next to the test bundle) with a timeout.
enum CrashChild {
    struct Outcome {
        var signal: Int32?
        var status: Int32?
        var output: String
    }

    static var path: String? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("SentryCrashChild").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func run(_ arguments: [String], timeout: Duration = .seconds(30)) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path, "build the crash child first: swift build"))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"  // no slow runtime backtracer in the children
        environment["SENTRY_DSN"] = nil
        process.environment = environment
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("crash-child-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            Issue.record("the crash child did not finish within \(timeout): \(arguments)")
        }
        process.waitUntilExit()
        try? handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return process.terminationReason == .uncaughtSignal
            ? Outcome(signal: process.terminationStatus, status: nil, output: text)
            : Outcome(signal: nil, status: process.terminationStatus, output: text)
    }
}

/// ThreadSanitizer intercepts fatal signals and `abort()` itself, so crash children built with
/// it do not die the way a production binary does; the crash tests only run without it.
let runsUnderThreadSanitizer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil

@Suite struct CrashTests {
    static let methods: [(method: String, function: String)] = [
        ("force-unwrap", "crashByForceUnwrap"), ("fatal-error", "crashByFatalError"),
        ("index-out-of-range", "crashByIndexOutOfRange"), ("segfault", "crashBySegfault"), ("abort", "crashByAbort"),
    ]

    @Test(.disabled(if: runsUnderThreadSanitizer, "TSan intercepts fatal signals"), arguments: methods.map(\.method))
    func aCrashBecomesOneFatalEventAtTheNextStart(method: String) throws {
        let function = try #require(Self.methods.first { $0.method == method }?.function)
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let inbox = try InboxServer()
        defer { inbox.stop() }

        // The same signal with and without the SDK.
        let plain = try CrashChild.run(["nosdk", method])
        let crashed = try CrashChild.run(["crash", method, inbox.dsn, cache.path])
        let expected: Int32 = switch method {
        case "segfault": SIGSEGV
        case "abort": SIGABRT
        default: SIGILL
        }
        #expect(plain.signal == expected, "\(plain.output)")
        #expect(crashed.signal == plain.signal, "\(crashed.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("crashes").path)
        #expect(files.filter { $0.hasSuffix(".crash") }.count == 1, "\(files)")
        #expect(inbox.received().isEmpty)

        // The next run sends it, exactly once.
        let report = try CrashChild.run(["report", inbox.dsn, cache.path])
        #expect(report.status == 0, "\(report.output)")
        // The fatal event, and the crashed request session in the release-health aggregates.
        let received = inbox.waitForEnvelopes(count: 2, timeout: .seconds(10))
        let again = try CrashChild.run(["report", inbox.dsn, cache.path])
        #expect(again.status == 0)
        let events = inbox.received().flatMap(\.items).filter { $0.header.type == .event }
        #expect(events.count == 1)
        let sessions = received.flatMap(\.items).filter { $0.header.type == .sessions }
        #expect(sessions.count == 1)
        let aggregates = try JSONValue.parse(try #require(sessions.first).payload)
        #expect(aggregates["aggregates"]?[0]?["crashed"] == 1)
        let item = try #require(events.first)
        let event = try JSONValue.parse(item.payload)

        #expect(event["level"] == "fatal")
        #expect(event["release"] == "crash-child@1.0.0")
        #expect(event["environment"] == "test")
        #expect(event["tags"]?["crash.method"]?.stringValue == method)
        #expect(event["breadcrumbs"]?["values"]?.arrayValue?.last?["message"] == "about to crash")
        let exception = try #require(event["exception"]?["values"]?[0])
        let mechanism = try #require(exception["mechanism"])
        #expect(mechanism["type"] == "signalhandler")
        #expect(mechanism["handled"] == false)
        #expect(mechanism["meta"]?["signal"]?["number"]?.intValue == Int64(expected))
        #expect(mechanism["meta"]?["signal"]?["name"]?.stringValue == SignalDescription.name(of: expected))
        #expect(exception["type"]?.stringValue == SignalDescription.name(of: expected))
        if method == "fatal-error" {
            #expect(exception["value"]?.stringValue?.contains("the crash child gave up") == true, "\(exception)")
        }
        if method == "force-unwrap" {
            #expect(exception["value"]?.stringValue?.contains("Unexpectedly found nil") == true, "\(exception)")
        }
        if method == "index-out-of-range" {
            #expect(exception["value"]?.stringValue?.contains("Index out of range") == true, "\(exception)")
        }
        let frames = try #require(exception["stacktrace"]?["frames"]?.arrayValue)
        let top = try #require(frames.last { $0["in_app"] == true }, "\(frames)")
        #expect(top["function"]?.stringValue == "SentryCrashChild.\(function)()", "\(frames)")
        #expect(top["filename"]?.stringValue == "Sources/SentryCrashChild/main.swift")
        #expect(top["lineno"]?.intValue ?? 0 > 0)
        #expect(frames.allSatisfy { $0["instruction_addr"]?.stringValue?.hasPrefix("0x") == true })
        let images = try #require(event["debug_meta"]?["images"]?.arrayValue)
        let child = try #require(images.first { $0["code_file"]?.stringValue?.hasSuffix("/SentryCrashChild") == true })
        #expect(child["debug_id"]?.stringValue?.count == 36)
        #expect(child["type"] == "elf")
        #expect(event["threads"]?["values"]?[0]?["crashed"] == true)
        let remaining = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("crashes").path)
        #expect(remaining.isEmpty, "\(remaining)")
    }

    /// The fatal events the inbox received, parsed.
    static func fatalEvents(_ inbox: InboxServer) throws -> [JSONValue] {
        try inbox.received().flatMap(\.items).filter { $0.header.type == .event }.map { try JSONValue.parse($0.payload) }
    }

    static func crashFiles(_ cache: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("crashes").path).sorted()
    }

    @Test(.disabled(if: runsUnderThreadSanitizer, "TSan intercepts fatal signals"))
    func threadsCrashingAtOnceLeaveExactlyOneReport() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        // Four threads fault at once; before the fix a later one restored the default handlers
        // and killed the process while the first was writing (a `.crash.tmp` stayed, most runs).
        for round in 1...3 {
            let cache = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-crash-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: cache) }
            let crashed = try CrashChild.run(["crash", "threads-at-once", inbox.dsn, cache.path])
            #expect(crashed.signal == SIGSEGV, "\(crashed.output)")
            let files = try Self.crashFiles(cache)
            #expect(files.count == 1 && files.allSatisfy { $0.hasSuffix(".crash") }, "round \(round): \(files)")
            let report = try CrashChild.run(["report", inbox.dsn, cache.path])
            #expect(report.status == 0, "\(report.output)")
            _ = inbox.waitForEnvelopes(count: 2 * round, timeout: .seconds(10))
            let events = try Self.fatalEvents(inbox)
            #expect(events.count == round, "round \(round)")
            #expect(events.last?["exception"]?["values"]?[0]?["mechanism"]?["meta"]?["signal"]?["number"]?.intValue == Int64(SIGSEGV))
            #expect(try Self.crashFiles(cache).isEmpty)
        }
    }

    @Test(.disabled(if: runsUnderThreadSanitizer, "TSan intercepts fatal signals"))
    func leftoversOfDeadRunsAreRemovedAtStart() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let directory = cache.appendingPathComponent("crashes")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let dead = "999999999"  // above any pid_max: no such process
        let live = "\(getpid())"  // this test process: alive, and not the child
        let stale = [
            "\(dead)-ab.crash.tmp",  // a report whose writer was killed
            "\(dead)-ab.crash.\(dead)-cd.claimed",  // claimed by a run that died before sending
            "\(dead)-ab.crash.\(dead).claimed",  // the same, as earlier versions named it
            "\(live)-ef.crash.tmp",  // a live pid, but abandoned long ago
        ]
        // A live process's claim is never judged by age: renaming kept the crash's old mtime.
        let kept = ["\(live)-12.crash.tmp", "\(dead)-34.crash.\(live)-56.claimed", "\(dead)-78.crash.\(live)-9a.claimed", "notes.txt"]
        for name in stale + kept {
            #expect(FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: Data("x".utf8)))
        }
        var old = [timeval(tv_sec: time(nil) - 600, tv_usec: 0), timeval(tv_sec: time(nil) - 600, tv_usec: 0)]
        #expect(utimes(directory.appendingPathComponent("\(live)-ef.crash.tmp").path, &old) == 0)
        #expect(utimes(directory.appendingPathComponent("\(dead)-78.crash.\(live)-9a.claimed").path, &old) == 0)

        let report = try CrashChild.run(["report", inbox.dsn, cache.path])
        #expect(report.status == 0, "\(report.output)")
        #expect(try Self.crashFiles(cache) == kept.sorted())
        #expect(try Self.fatalEvents(inbox).isEmpty)
    }

    @Test func aLeftoverIsStaleUnlessALiveRunOwnsIt() {
        let directory = "/nonexistent-sentry-crash-dir"  // no mtime: only the names decide
        let me = getpid()
        #expect(CrashHandlerState.isStaleLeftover("\(me)-ab.crash.tmp", in: directory))  // this run is not crashing
        #expect(CrashHandlerState.isStaleLeftover("1-ab.crash.\(me)-other.claimed", in: directory))  // an earlier run with our pid
        #expect(!CrashHandlerState.isStaleLeftover("1-ab.crash.\(CrashHandlerState.claimant).claimed", in: directory))
        #expect(!CrashHandlerState.isStaleLeftover("\(getppid())-ab.crash.tmp", in: directory))  // a live process's, young
        #expect(!CrashHandlerState.isStaleLeftover("1-ab.crash", in: directory))
        #expect(!CrashHandlerState.isStaleLeftover("unrelated.claimed", in: directory))
    }

    @Test(.disabled(if: runsUnderThreadSanitizer, "TSan intercepts fatal signals"), arguments: ["overflow-app-thread", "overflow-sdk-thread"])
    func aStackOverflowOnASecondaryThreadBecomesAFatalEvent(method: String) throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let crashed = try CrashChild.run(["crash", method, inbox.dsn, cache.path])
        #expect(crashed.signal == SIGSEGV, "\(crashed.output)")
        let files = try Self.crashFiles(cache)
        #expect(files.count == 1 && files.allSatisfy { $0.hasSuffix(".crash") }, "\(files)")
        let report = try CrashChild.run(["report", inbox.dsn, cache.path])
        #expect(report.status == 0, "\(report.output)")
        _ = inbox.waitForEnvelopes(count: 2, timeout: .seconds(10))
        let events = try Self.fatalEvents(inbox)
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event["level"] == "fatal")
        #expect(event["tags"]?["crash.method"]?.stringValue == method)
        let exception = try #require(event["exception"]?["values"]?[0])
        #expect(exception["mechanism"]?["meta"]?["signal"]?["number"]?.intValue == Int64(SIGSEGV))
        let frames = try #require(exception["stacktrace"]?["frames"]?.arrayValue)
        #expect(frames.contains { $0["function"]?.stringValue?.contains("overflowTheStack") == true }, "\(frames)")
    }

    @Test func sdkThreadsHaveASignalStackAndOtherThreadsGetOneThroughTheFacade() throws {
        // A thread of the SDK's own: from its first instruction.
        let sdkThread = Locked<Bool?>(nil)
        BackgroundThread.start { sdkThread.withLock { $0 = SignalStack.currentThreadHasStack } }
        // A thread the app created: none until it calls into an SDK while stacks are wanted.
        let appThread = Locked<(before: Bool, after: Bool)?>(nil)
        let wasWanted = SignalStack.isWanted
        SignalStack.setWanted(true)
        defer { SignalStack.setWanted(wasWanted) }
        let thread = Thread {
            let before = SignalStack.currentThreadHasStack
            _ = withCapturedEvents { SentrySDK.addBreadcrumb(Breadcrumb(message: "hello")) }
            appThread.withLock { $0 = (before, SignalStack.currentThreadHasStack) }
        }
        thread.start()
        let deadline = ContinuousClock.now + .seconds(5)
        while (sdkThread.withLock { $0 } == nil || appThread.withLock { $0 } == nil) && ContinuousClock.now < deadline {
            usleep(1000)
        }
        #expect(sdkThread.withLock { $0 } == true)
        let app = try #require(appThread.withLock { $0 })
        #expect(app.before == false)
        #expect(app.after == true)
    }

    @Test func crashFilesParseAndRoundTripTheScope() throws {
        var snapshot = ScopeSnapshot()
        snapshot.release = "app@1"
        snapshot.tags = ["route": "/x"]
        snapshot.user = User(id: "7", data: ["plan": "pro"])
        snapshot.breadcrumbs = [Breadcrumb(message: "one", category: "c", level: .warning, timestamp: SentryTimestamp(secondsSince1970: 5))]
        let scope = snapshot.serialized(limit: 64 * 1024)
        let images = CrashReport.serializeImages([
            LoadedImage(path: "/bin/app with space", bias: 0x1000, start: 0x1000, end: 0x9000, vmAddress: 0, buildId: [0xab, 0xcd], isMainExecutable: true)
        ])
        var file = Array("SENTRYCRASH 1\nsignal 11\ncode 1\naddress 0x8\npc 0x1234\nthread 99\nseconds 1700000000\nnanoseconds 500000000\nframe 0x1234\nframe 0x2000\n".utf8)
        file += Array("message 19\nFatal error: boom\n\n\n".utf8)
        file += Array("scope \(scope.count)\n".utf8) + scope + Array("\n".utf8)
        file += Array("images \(images.count)\n".utf8) + images + Array("\nend\n".utf8)
        let report = try #require(CrashReport(bytes: file))
        #expect(report.signal == 11)
        #expect(report.frames == [0x1234, 0x2000])
        #expect(report.message == "Fatal error: boom")
        #expect(report.scope == snapshot)
        #expect(report.images.first?.path == "/bin/app with space")
        #expect(report.images.first?.buildId == [0xab, 0xcd])
        #expect(report.timestamp.secondsSince1970 == 1_700_000_000.5)
        let event = report.makeEvent(symbolicator: Symbolicator())
        #expect(event.level == .fatal)
        #expect(event.exceptions.first?.mechanism?.meta?.signal == .init(number: 11, code: 1, name: "SIGSEGV", codeName: "SEGV_MAPERR"))
        #expect(event.exceptions.first?.stacktrace?.frames.map(\.instructionAddress) == [0x2000, 0x1234])
        #expect(event.debugImages.map(\.codeFile) == ["/bin/app with space"])
        #expect(event.tags["route"] == "/x")
        #expect(event.user?.data["plan"] == "pro")
        // Cut short (no `end`), or not a crash file at all: refused.
        #expect(CrashReport(bytes: Array(file.prefix(file.count - 4))) == nil)
        #expect(CrashReport(bytes: Array("hello".utf8)) == nil)
        #expect(CrashReport(bytes: Array("SENTRYCRASH 1\nsignal 4\nscope 99999\n".utf8)) == nil)
    }

    @Test func theSnapshotDropsOldBreadcrumbsToFit() {
        var snapshot = ScopeSnapshot()
        snapshot.breadcrumbs = (0..<100).map { Breadcrumb(message: String(repeating: "x", count: 100) + "\($0)") }
        let bytes = snapshot.serialized(limit: 2000)
        #expect(bytes.count <= 2000)
        let back = ScopeSnapshot(json: bytes)
        #expect(back?.breadcrumbs.last?.message?.hasSuffix("99") == true)
        #expect((back?.breadcrumbs.count ?? 100) < 100)
    }

    @Test func theCrashHandlerCanBeTurnedOff() {
        var options = Options()
        options.enableCrashHandler = false
        options.cacheDirectoryPath = "/tmp/unused"
        #expect(CrashHandlerIntegration(symbolicator: Symbolicator(), environment: [:]).install(options: options) == nil)
        #expect(CrashHandlerIntegration.directory(options: Options(), environment: ["HOME": "/home/u"])?.hasPrefix("/home/u/.cache/sentry-swift/") == true)
    }
}

@Suite struct ExampleCrashTests {
    @Test(.disabled(if: runsUnderThreadSanitizer, "TSan intercepts fatal signals"))
    func sentryExampleCrashCrashesAndTheNextRunSendsIt() throws {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let example = [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("sentry-example").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        let path = try #require(example, "build the example first: swift build")
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-example-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        func run(_ arguments: [String]) throws -> (signal: Int32?, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["SENTRY_DSN"] = nil
            environment["SWIFT_BACKTRACE"] = "enable=no"
            environment["XDG_CACHE_HOME"] = cache.path
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil, output)
        }
        let crashed = try run(["crash"])
        #expect(crashed.signal == SIGILL, "\(crashed.output)")
        let next = try run([])
        #expect(next.output.contains("0. the crash of the previous run"), "\(next.output)")
        #expect(next.output.split(separator: "\n").filter { $0.contains("inbox ← event") }.count == 5, "\(next.output)")  // the crash + the four of the scenario
        #expect(next.output.contains("Unexpectedly found nil"), "\(next.output)")
        let third = try run([])
        #expect(!third.output.contains("0. the crash of the previous run"))
    }
}

@Suite struct ExitHookTests {
    @Test func whatIsQueuedAtANormalExitIsDelivered() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-exit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let outcome = try CrashChild.run(["exit", inbox.dsn, cache.path])
        #expect(outcome.status == 0, "\(outcome.output)")
        // The child never called close(): only the exit hook could have sent it, before exiting.
        let messages = inbox.received().flatMap(\.items).filter { $0.header.type == .event }.compactMap {
            (try? JSONValue.parse($0.payload))?["logentry"]?["formatted"]?.stringValue
        }
        #expect(messages == ["sent at exit"])
    }
}
