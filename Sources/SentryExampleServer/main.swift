// sentry-example-server: a Hummingbird app instrumented in one line each.
//
//     swift run --traits Hummingbird,AsyncHTTPClient sentry-example-server
//
// Serves on PORT (default 8080): GET /hello (200), GET /users/:id (200; id 0 throws, answered
// with 500), GET /slow (a 50 ms child span), GET /outgoing (calls /hello on itself through
// AsyncHTTPClient). Sends to SENTRY_DSN, or without one to a local inbox in this process and
// prints what arrived. Stops on SIGTERM or SIGINT, delivering what is queued.
// SENTRY_TRACES_SAMPLE_RATE sets the sampling (default 1); SENTRY_EXAMPLE_SDK=off serves the
// same routes with no SDK (the benchmark's baseline).
#if Hummingbird && AsyncHTTPClient
import AsyncHTTPClient
import Glibc
import Hummingbird
import Logging
import NIOHTTP1
import Sentry
import SentryAsyncHTTPClient
import SentryHummingbird
import SentryInbox
import SentryServiceLifecycle
import ServiceLifecycle
import UnixSignals

struct UserNotFound: Error, CustomStringConvertible {
    let id: String
    var description: String { "no user with id \(id)" }
}

func say(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

let environment = ProcessEnvironment.current()
let port = environment["PORT"].flatMap(Int.init) ?? 8080
let sdkOn = environment["SENTRY_EXAMPLE_SDK"] != "off"
var inbox: InboxServer?
var dsn = environment["SENTRY_DSN"].flatMap { $0.isEmpty ? nil : $0 }
if sdkOn, dsn == nil {
    var configuration = InboxConfiguration()
    let quiet = environment["SENTRY_EXAMPLE_QUIET"] == "1"
    configuration.log = { line in if !quiet { say("  inbox ← \(line)") } }
    do {
        let server = try InboxServer(configuration: configuration)
        inbox = server
        dsn = server.dsn
        say("No SENTRY_DSN set: sending to the local inbox at \(server.envelopeURL)")
    } catch {
        say("could not start the local inbox: \(error)")
        exit(1)
    }
}
if sdkOn {
    SentrySDK.start { options in
        options.dsn = dsn
        options.release = options.release ?? "sentry-example-server@1.0.0"
        if options.tracesSampleRate == nil, environment["SENTRY_TRACES_SAMPLE_RATE"] == nil { options.tracesSampleRate = 1 }
    }
}

if environment["SENTRY_EXAMPLE_MICROBENCH"] == "1" {
    // The middleware's SDK work per request, without the network: where do the microseconds go?
    await measureRequestPath()
    SentrySDK.close()
    exit(0)
}

let router = Router()
if sdkOn { router.add(middleware: SentryMiddleware()) }
router.get("/hello") { _, _ in "hello\n" }
router.get("/users/:id") { _, context -> String in
    let id = try context.parameters.require("id")
    if id == "0" { throw UserNotFound(id: id) }
    return "user \(id)\n"
}
router.get("/slow") { _, _ -> String in
    await SentrySDK.withSpan(operation: "work", name: "slow") { _ in try? await Task.sleep(for: .milliseconds(50)) }
    return "slow\n"
}
router.get("/outgoing") { _, _ -> String in
    let response = try await HTTPClient.shared.sentryExecute(
        HTTPClientRequest(url: "http://127.0.0.1:\(port)/hello"), timeout: .seconds(5))
    return "outgoing: /hello answered \(response.status.code)\n"
}

var logger = Logger(label: "sentry-example-server")
logger.logLevel = .warning
let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
say("Serving on http://127.0.0.1:\(port) (SDK \(sdkOn ? "on" : "off")); SIGTERM or Ctrl-C stops it")
let group = ServiceGroup(
    services: sdkOn ? [app, SentryService()] : [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
do {
    try await group.run()
} catch {
    say("stopped: \(error)")
}
if let inbox {
    let received = inbox.received()
    say("The inbox received \(received.count) envelope(s), \(received.flatMap(\.items).count) item(s).")
    inbox.stop()
}
#else
print("sentry-example-server needs its traits: swift run --traits Hummingbird,AsyncHTTPClient sentry-example-server")
#endif
