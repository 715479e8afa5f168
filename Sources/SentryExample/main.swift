// sentry-example: what a Swift service does with Sentry, end to end.
//
//     swift run sentry-example
//
// With SENTRY_DSN set it sends there, exactly as a real app would. Without one it starts the
// local inbox in this process, sends there, and prints one line per item the inbox received.

import Glibc
import Sentry
import SentryInbox

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

SentrySDK.start { options in
    options.dsn = dsn
    options.release = "sentry-example@0.1.0"
    options.environment = "development"
    options.attachStacktrace = true
    options.enableDiskSpool = inbox == nil  // the in-process inbox is always up
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

let delivered = SentrySDK.flush(timeout: .seconds(5))
if let inbox {
    let received = inbox.waitForEnvelopes(count: 3, timeout: .seconds(5))
    say("The inbox received \(received.count) envelope(s), \(received.flatMap(\.items).count) item(s).")
    inbox.stop()
} else {
    say(delivered ? "Delivered to Sentry." : "Not everything was delivered within 5 s; it is kept in the disk spool.")
}
SentrySDK.close()
