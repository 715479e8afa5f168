import Foundation
import Sentry
import SentryInbox
import Testing

/// With default options (no `sendDefaultPii`), nothing personal or secret leaves the process,
/// whichever item type carries it. Runs with the process-wide SDK, so inside `StartTests`.
extension StartTests {
    static let secret = "hunter2-s3cr3t"
    static let clientIP = "203.0.113.9"

    /// Hostile request data, as a framework integration would attach it.
    static func hostileRequest() -> Request {
        Request(
            method: "POST", url: "https://admin:\(secret)@shop.example/checkout?password=\(secret)&page=1",
            queryString: "token=\(secret)&page=1", data: .object(["password": .string(secret), "card": "4111111111111111"]),
            cookies: ["session": secret, "theme": "dark"],
            headers: [
                "Authorization": "Bearer \(secret)", "Proxy-Authorization": "Basic \(secret)", "Cookie": "sid=\(secret)",
                "X-Api-Key": secret, "X-Forwarded-For": clientIP, "Forwarded": "for=\(clientIP)", "True-Client-IP": clientIP,
                "CF-Connecting-IP": clientIP, "X-Client-IP": clientIP, "X-Real-IP": clientIP, "Accept": "application/json",
            ],
            env: ["REMOTE_ADDR": clientIP])
    }

    static let nestedSecrets: JSONValue = .object([
        "level1": .object(["level2": .object(["api_key": .string(secret), "fine": "kept"])]),
        "list": .array([.object(["token": .string(secret)]), .object(["password": .string(secret)])]),
    ])

    @Test func defaultOptionsSendNoIPCookieAuthHeaderSecretOrBodyInAnyItem() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        SentrySDK.start { options in
            options.dsn = inbox.dsn
            options.release = "shop@1.0.0"
            options.tracesSampleRate = 1
            options.enableLogs = true
            options.enableDiskSpool = false
        }
        defer { SentrySDK.close() }
        SentrySDK.withRequestSession { scope in
            scope.configure { scope in
                scope.user = User(id: "u1", ipAddress: Self.clientIP, data: ["password": .string(Self.secret)])
                scope.setTag(Self.secret, forKey: "auth")
                scope.setExtra(Self.nestedSecrets, forKey: "payload")
                scope.setContext(Self.nestedSecrets, forKey: "custom")
                scope.setAttribute(Attribute(.string(Self.secret)), forKey: "password")
                scope.addEventProcessor(ClosureEventProcessor { event, _ in
                    var event = event
                    event.request = Self.hostileRequest()
                    return event
                })
            }
            SentrySDK.addBreadcrumb(Breadcrumb(message: "login", category: "auth", data: ["form": Self.nestedSecrets]))
            SentrySDK.withSpan(operation: "http.server", name: "POST /checkout") { transaction in
                let span = transaction.startChild(operation: "db.query", description: "SELECT 1")
                span.setData(Self.nestedSecrets, forKey: "db")
                span.setData(.string(Self.secret), forKey: "password")
                span.finish()
                SentrySDK.capture(error: CheckoutFailed())
                SentrySDK.capture(message: "checkout slow")
                SentrySDK.logger.info("card charged", attributes: ["token": Attribute(.string(Self.secret)), "client_ip": Attribute(.string(Self.clientIP))])
                SentrySDK.metrics.count(key: "checkout", attributes: ["api_key": Attribute(.string(Self.secret))])
            }
            SentrySDK.captureCheckIn(monitorSlug: "nightly", status: .ok)
        }
        #expect(SentrySDK.flush(timeout: .seconds(5)))
        SentrySDK.close()

        let received = inbox.received()
        let types = Set(received.flatMap(\.itemTypes))
        for type in ["event", "transaction", "log", "trace_metric", "sessions", "check_in"] {
            #expect(types.contains(type), "no \(type) item arrived")
        }
        let everything = received.map { String(decoding: $0.body, as: UTF8.self) }.joined(separator: "\n")
        for leaked in [Self.secret, Self.clientIP, "4111111111111111", "theme", "dark"] {
            #expect(!everything.contains(leaked), "\(leaked) left the process")
        }
        // What is filtered is still visibly there, so users see that something was removed.
        #expect(everything.contains("[Filtered]"))
        #expect(everything.contains("https://[Filtered]@shop.example/checkout?password=[Filtered]&page=1"))
        #expect(everything.contains("\"fine\":\"kept\""))
    }
}
