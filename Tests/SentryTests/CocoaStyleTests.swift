import Sentry
import SentryTesting
import Testing

/// Code written the way Sentry's Apple-platform docs show it compiles and does what it says.
@Suite struct CocoaStyleTests {
    struct Failure: Error {}

    @Test func scopeSpellings() throws {
        let captured = withCapturedEvents {
            SentrySDK.configureScope { scope in
                scope.setTag(value: "checkout", key: "flow")
                scope.setExtra(value: "42", key: "cart")
                scope.setContext(value: ["plan": "pro"], key: "account")
                scope.setUser(User(userId: "u-1"))
                scope.setLevel(.warning)
            }
            SentrySDK.withScope { scope in
                scope.setTag(value: "inner", key: "block")
                SentrySDK.capture(message: "in a scope")
            }
        }
        let event = try #require(captured.events.first)
        #expect(event["tags"]?["flow"] == "checkout" && event["tags"]?["block"] == "inner")
        #expect(event["extra"]?["cart"] == "42")
        #expect(event["contexts"]?["account"]?["plan"] == "pro")
        #expect(event["user"]?["id"] == "u-1")
        #expect(event["level"] == "warning")
    }

    @Test func breadcrumbsUsersAndFlush() throws {
        let captured = withCapturedEvents {
            let crumb = Breadcrumb(level: .info, category: "ui.click")
            SentrySDK.addBreadcrumb(crumb)
            SentrySDK.setUser(User(userId: "u-2"))
            SentrySDK.capture(message: "after a click")
            #expect(SentrySDK.flush(timeout: 5))
        }
        let event = try #require(captured.events.first)
        #expect(event["breadcrumbs"]?["values"]?[0]?["category"] == "ui.click")
        #expect(event["breadcrumbs"]?["values"]?[0]?["level"] == "info")
        #expect(event["user"]?["id"] == "u-2")
    }

    @Test func captureWithABlockChangesThatEventOnly() throws {
        let captured = withCapturedEvents {
            SentrySDK.capture(error: Failure()) { scope in scope.setTag(value: "yes", key: "only-here") }
            SentrySDK.capture(message: "tagged") { scope in scope.setTag(value: "yes", key: "message") }
            SentrySDK.capture(message: "plain")
        }
        let events = captured.events
        #expect(events.count == 3)
        #expect(events[0]["tags"]?["only-here"] == "yes")
        #expect(events[1]["tags"]?["message"] == "yes")
        #expect(events[2]["tags"]?["only-here"] == nil && events[2]["tags"]?["message"] == nil)
    }

    @Test func lastEventIdAndTheActiveSpan() throws {
        var last = SentryId.empty
        var spanSeen = false
        let captured = withCapturedEvents(configure: { $0.tracesSampleRate = 1 }) {
            let id = SentrySDK.capture(message: "remember me")
            last = SentrySDK.lastEventId
            #expect(last == id && id != .empty)
            SentrySDK.withSpan(operation: "task") { _ in spanSeen = SentrySDK.span != nil }
        }
        #expect(spanSeen)
        #expect(captured.events.first?["event_id"]?.stringValue == last.description)
    }

    @Test func optionsInitialScopeAndBeforeSendSpan() throws {
        let captured = withCapturedEvents(configure: { options in
            options.tracesSampleRate = 1
            options.initialScope = { scope in scope.setTag(value: "eu-1", key: "region") }
            options.beforeSendSpan = { span in span.op == "noise" ? nil : span }
        }) {
            SentrySDK.withSpan(operation: "request") { _ in
                SentrySDK.withSpan(operation: "noise") { _ in }
                SentrySDK.withSpan(operation: "db.query") { _ in }
            }
            SentrySDK.capture(message: "tagged at start")
        }
        #expect(captured.events.first?["tags"]?["region"] == "eu-1")
        let spans = captured.transactions.first?["spans"]?.arrayValue ?? []
        #expect(spans.map { $0["op"]?.stringValue } == ["db.query"])
    }
}
