// sentry-example: what a Swift service does with Sentry, end to end.
//
//     swift run sentry-example
//     swift run sentry-example crash     (crashes; the next run sends the crash report)
//     swift run sentry-example ai        (an AI agent run against a fake LLM; --traits MCP adds an MCP server)
//     swift run sentry-example profile   (a profiled CPU-bound workload; prints `workload: <s> s`)
//
// With SENTRY_DSN set it sends there, exactly as a real app would. Without one it starts the
// local inbox in this process, sends there, and prints one line per item the inbox received.

import CoreMetrics
import Glibc
import Logging
import Sentry
import SentryInbox
import SentryIntegrations
import SentryMetrics

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Foundation

/// A database failure, the root cause in this example.
struct DatabaseError: Error, CustomStringConvertible {
    var code: Int
    var description: String { "connection reset by peer (code \(code))" }
}

/// A request failure that wraps its cause, so Sentry shows the whole chain.
struct RequestError: ErrorWithCause, CustomStringConvertible {
    var route: String
    var cause: any Error
    var description: String { "request to \(route) failed" }
    var underlyingErrors: [any Error] { [cause] }
}

func loadUser(id: Int) throws -> String {
    throw RequestError(route: "/users/\(id)", cause: DatabaseError(code: 104))
}

@inline(never) func crashByForceUnwrap() {
    let port: Int? = Int(CommandLine.arguments.count > 100 ? "1" : "no number here")
    say("unreachable: \(port!)")
}

func exampleCacheDirectory(_ environment: [String: String]) -> String? {
    if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/sentry-swift/sentry-example" }
    return environment["HOME"].map { $0 + "/.cache/sentry-swift/sentry-example" }
}

func countCrashFiles(in directory: String) -> Int {
    guard let handle = opendir(directory) else { return 0 }
    defer { closedir(handle) }
    var count = 0
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name.hasSuffix(".crash") { count += 1 }
    }
    return count
}

func say(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

let environment = ProcessEnvironment.current()
var inbox: InboxServer?
var dsn = environment["SENTRY_DSN"].flatMap { $0.isEmpty ? nil : $0 }
if dsn == nil {
    var configuration = InboxConfiguration()
    configuration.log = { line in say("  inbox ← \(line)") }
    do {
        let server = try InboxServer(configuration: configuration)
        inbox = server
        dsn = server.dsn
        say("No SENTRY_DSN set: sending to the local inbox at \(server.envelopeURL)")
    } catch {
        say("could not start the local inbox: \(error)")
        exit(1)
    }
} else {
    say("Sending to SENTRY_DSN")
}

// `sentry-example crash` crashes for real; the next run sends the crash report. The local
// inbox's port changes per run, so crash reports get a directory of their own then.
let crashDirectory = inbox == nil ? nil : exampleCacheDirectory(environment)
let pendingCrashes = crashDirectory.map { countCrashFiles(in: $0 + "/crashes") } ?? 0

SentrySDK.start { options in
    options.dsn = dsn
    options.release = "sentry-example@0.1.0"
    options.environment = "development"
    options.tracesSampleRate = 1
    options.enableLogs = true
    options.enableDiskSpool = inbox == nil  // the in-process inbox is always up
    options.cacheDirectoryPath = crashDirectory
    if CommandLine.arguments.dropFirst().first == "profile", environment["SENTRY_PROFILE_SESSION_SAMPLE_RATE"] == nil {
        options.profileSessionSampleRate = 1  // `profile` profiles unless the environment says otherwise
    }
}

if CommandLine.arguments.dropFirst().first == "profile" {
    runProfileExample(environment: environment)
    _ = SentrySDK.flush(timeout: .seconds(5))
    if let inbox {
        say("The inbox received \(inbox.received().flatMap(\.items).count) item(s).")
        inbox.stop()
    }
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "crash" {
    say("Crashing (force-unwrapping nil). Run sentry-example again to send the crash report.")
    SentrySDK.addBreadcrumb(Breadcrumb(message: "about to crash", category: "example", level: .warning))
    usleep(300_000)  // the crash handler refreshes its scope snapshot every 200 ms
    crashByForceUnwrap()
}
if pendingCrashes > 0 { say("0. the crash of the previous run, sent at start") }
if CommandLine.arguments.dropFirst().first == "ai" {
    await runAIExample()
    finishAIExample(inbox: inbox)
    exit(0)
}

say("1. a message")
SentrySDK.capture(message: "Hello from sentry-example", level: .info)

say("2. a thrown error with its cause")
do {
    _ = try loadUser(id: 42)
} catch {
    SentrySDK.capture(error: error)
}

say("3. an error inside a request's own scope, with breadcrumbs, tags and a user")
SentrySDK.withIsolationScope { scope in
    scope.setTag("GET /checkout", forKey: "route")
    scope.setUser(User(id: "user-7", username: "ada"))
    SentrySDK.addBreadcrumb(Breadcrumb(message: "cart loaded", category: "app", level: .info))
    SentrySDK.addBreadcrumb(Breadcrumb(message: "payment provider timed out", category: "http", level: .warning))
    SentrySDK.addFeatureFlag("new-checkout", result: true)
    SentrySDK.capture(error: DatabaseError(code: 110))
}

say("4. a transaction: nested spans, a database query, an outgoing HTTP call and an error inside a span")
// The outgoing call goes to a small service this example serves itself, with or without a DSN.
let downstream = try? InboxServer(configuration: InboxConfiguration())
let outgoingURL = downstream.map { "http://127.0.0.1:\($0.port)/health?probe=1" }
await SentrySDK.withRequestSession { _ in
    await SentrySDK.withSpan(operation: "http.server", name: "GET /orders/:id") { transaction in
        SentrySDK.withQuerySpan("SELECT * FROM orders WHERE id = $1", system: "postgresql", database: "shop") { _ in
            usleep(2_000)
        }
        SentrySDK.withSpan(operation: "serialize", name: "Order") { _ in
            SentrySDK.withSpan(operation: "compress", name: "gzip") { _ in usleep(300) }  // two levels deep
            usleep(500)
        }
        if let outgoingURL, let url = URL(string: outgoingURL) {
            _ = try? await SentrySDK.withHTTPClientSpan(method: "GET", url: outgoingURL) { _, headers in
                var request = URLRequest(url: url)
                for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
                let (_, response) = try await URLSession.shared.data(for: request)
                return (response as? HTTPURLResponse)?.statusCode ?? 0
            }
        }
        SentrySDK.capture(error: RequestError(route: "/orders/9", cause: DatabaseError(code: 57)))
        transaction.setData(.int(500), forKey: "http.response.status_code")
        transaction.setStatus(.internalError)
    }
}

say("5. structured logs (SentrySDK.logger and swift-log), swift-metrics and request sessions")
LoggingSystem.bootstrap { label in SentryLogHandler(label: label) }
MetricsSystem.bootstrap(SentryMetricsFactory())
let logger = Logger(label: "sentry-example")
let orderId = 9
SentrySDK.logger.info("Order \(orderId) shipped to \("Lisbon")", attributes: ["carrier": Attribute(.string("ups"))])
logger.warning("Inventory low", metadata: ["sku": "A-113", "left": "\(2)"])
Counter(label: "orders.shipped", dimensions: [("region", "eu")]).increment()
Timer(label: "orders.packing_time").recordMilliseconds(340)
for _ in 0..<4 { SentrySDK.withRequestSession { _ in } }

if let probe = downstream?.requests().last(where: { $0.target.hasPrefix("/health") }) {
    say("The outgoing call carried sentry-trace: \(probe.headers["sentry-trace"] ?? "none")")
}
downstream?.stop()
if let inbox {
    SentrySDK.close()  // sends the batched logs, metrics and sessions, and waits for delivery
    let received = inbox.received()
    say("The inbox received \(received.count) envelope(s), \(received.flatMap(\.items).count) item(s).")
    inbox.stop()
} else {
    let delivered = SentrySDK.flush(timeout: .seconds(5))
    say(delivered ? "Delivered to Sentry." : "Not everything was delivered within 5 s; it is kept in the disk spool.")
    SentrySDK.close()
}
