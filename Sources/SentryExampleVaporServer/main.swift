// sentry-example-vapor-server: the example server's routes on Vapor, for the framework benchmark
// (`Scripts/bench-frameworks.sh 3 8 vapor`).
//
//     swift run --traits Vapor sentry-example-vapor-server
//
// Serves on PORT (default 8080): GET /hello (200), GET /users/:id (200; id 0 throws, answered
// with 500). Sends to SENTRY_DSN, or without one to a local inbox in this process.
// SENTRY_TRACES_SAMPLE_RATE sets the sampling (default 1); SENTRY_EXAMPLE_SDK=off serves the
// same routes with no SDK. Stops on SIGTERM or SIGINT (Vapor's `serve`), delivering what is queued.
#if Vapor
import Sentry
import SentryInbox
import SentryVapor
import Vapor

struct UserNotFound: Error, CustomStringConvertible {
    let id: String
    var description: String { "no user with id \(id)" }
}

let environment = ProcessEnvironment.current()
let port = environment["PORT"].flatMap(Int.init) ?? 8080
let sdkOn = environment["SENTRY_EXAMPLE_SDK"] != "off"
var inbox: InboxServer?
if sdkOn {
    var dsn = environment["SENTRY_DSN"].flatMap { $0.isEmpty ? nil : $0 }
    if dsn == nil {
        let server = try InboxServer()
        inbox = server
        dsn = server.dsn
        print("No SENTRY_DSN set: sending to the local inbox at \(server.envelopeURL)")
    }
    SentrySDK.start { options in
        options.dsn = dsn
        options.release = options.release ?? "sentry-example-vapor-server@1.0.0"
        if options.tracesSampleRate == nil, environment["SENTRY_TRACES_SAMPLE_RATE"] == nil { options.tracesSampleRate = 1 }
    }
}

var vaporEnvironment = Environment.production
vaporEnvironment.arguments = [CommandLine.arguments.first ?? "sentry-example-vapor-server", "serve"]
let app = try await Application.make(vaporEnvironment)
app.logger.logLevel = .warning
app.http.server.configuration.hostname = "127.0.0.1"
app.http.server.configuration.port = port
if sdkOn { app.middleware.use(SentryMiddleware()) }
app.get("hello") { _ in "hello\n" }
app.get("users", ":id") { request -> String in
    let id = request.parameters.get("id") ?? ""
    if id == "0" { throw UserNotFound(id: id) }
    return "user \(id)\n"
}
print("Serving on http://127.0.0.1:\(port) (SDK \(sdkOn ? "on" : "off")); SIGTERM or Ctrl-C stops it")
do {
    try await app.execute()
} catch {
    print("stopped: \(error)")
}
try await app.asyncShutdown()
SentrySDK.close()
if let inbox {
    print("The inbox received \(inbox.received().count) envelope(s).")
    inbox.stop()
}
#else
print("sentry-example-vapor-server needs its trait: swift run --traits Vapor sentry-example-vapor-server")
#endif
