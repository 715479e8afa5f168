import SentryCore
import Testing

// The hubs below use only the public `Hub` API, as an integrator outside the package would
// (`Locked` is just the test's storage).

/// A hub that implements one requirement; the protocol's defaults supply the rest.
final class EventOnlyHub: Hub {
    private let received = Locked<[Event]>([])
    var events: [Event] { received.withLock { $0 } }

    func capture(event: Event, hint: CaptureHint) -> SentryId {
        received.withLock { $0.append(event) }
        return event.eventId
    }
}

/// A hub that implements nothing at all.
final class SilentHub: Hub {}

struct MinimalHubTests {
    @Test func aHubWithOneMethodWorksThroughTheFacade() {
        let hub = EventOnlyHub()
        Scopes.withIsolationScope { isolation in
            SentrySDK.withHub(hub) {
                #expect(SentrySDK.isEnabled)
                let messageId = SentrySDK.capture(message: "hello", level: .warning)
                let errorId = SentrySDK.capture(error: MinimalHubError.failed)
                #expect(hub.events.map(\.eventId) == [messageId, errorId])
                #expect(hub.events[0].message?.formatted == "hello")
                #expect(hub.events[0].level == .warning)
                #expect(hub.events[1].level == .error)
                #expect(hub.events[1].exceptions.first?.value == "failed")
                #expect(hub.events[1].exceptions.first?.mechanism?.handled == true)

                // Breadcrumbs and scope changes land in the isolation scope.
                SentrySDK.addBreadcrumb(Breadcrumb(message: "crumb"))
                SentrySDK.configureScope { $0.setTag("v", forKey: "k") }
                #expect(isolation.snapshot.breadcrumbs.map(\.message) == ["crumb"])
                #expect(isolation.snapshot.tags == ["k": "v"])

                // Everything else is what the façade does with no SDK.
                #expect(SentrySDK.startSpan(operation: "op") === NoOpSpan.shared)
                #expect(SentrySDK.traceHeaders(for: "https://x").isEmpty)
                SentrySDK.logger.info("dropped")
                SentrySDK.metrics.count(key: "dropped")
                #expect(SentrySDK.withRequestSession { _ in 7 } == 7)
                #expect(SentrySDK.flush(timeout: .zero))
                #expect(SentrySDK.options?.enableLogs == false)
                #expect(hub.events.count == 2)
            }
        }
        #expect(hub.events.count == 2)
    }

    @Test func aHubWithNoMethodsDropsEverything() {
        SentrySDK.withHub(SilentHub()) {
            #expect(SentrySDK.capture(message: "dropped") == .empty)
            #expect(SentrySDK.capture(error: MinimalHubError.failed) == .empty)
            #expect(SentrySDK.startTransaction(name: "t", operation: "op") === NoOpSpan.shared)
            #expect(SentrySDK.flush(timeout: .zero))
        }
    }
}

enum MinimalHubError: Error, CustomStringConvertible {
    case failed
    var description: String { "failed" }
}
