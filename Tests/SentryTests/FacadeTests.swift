import Synchronization
import Testing

@testable import SentryCore

/// These tests install a hub globally, so they run in ``StartTests``, one at a time with every
/// other test that does (a suite of their own would run beside those).
extension StartTests {
    @Suite struct FacadeTests {
        @Test func withoutAnSDKEveryCallIsANoOpThatBuildsNothing() {
            SentrySDK.uninstall()
            let built = Atomic<Int>(0)
            func expensive() -> String {
                built.add(1, ordering: .relaxed)
                return "expensive"
            }
            #expect(!SentrySDK.isEnabled)
            #expect(SentrySDK.capture(message: expensive()) == .empty)
            SentrySDK.addBreadcrumb(Breadcrumb(message: expensive()))
            SentrySDK.logger.info("\(expensive())")
            SentrySDK.metrics.count(key: "k", attributes: ["a": Attribute(.string(expensive()))])
            SentrySDK.configureScope { _ in _ = expensive() }
            #expect(SentrySDK.startSpan(operation: "op") === NoOpSpan.shared)
            #expect(SentrySDK.withSpan(operation: "op") { _ in 7 } == 7)
            #expect(SentrySDK.traceHeaders(for: "https://x").isEmpty)
            #expect(SentrySDK.flush(timeout: .zero))
            #expect(built.load(ordering: .relaxed) == 0)
        }

        @Test func anInstalledHubReceivesEveryCall() {
            let hub = RecordingHub()
            SentrySDK.install(hub)
            defer { SentrySDK.uninstall() }
            #expect(SentrySDK.isEnabled)
            let id = SentrySDK.capture(message: "hello", level: .warning)
            #expect(id != .empty)
            SentrySDK.addBreadcrumb(Breadcrumb(message: "crumb"))
            SentrySDK.setTag("v", forKey: "k")
            SentrySDK.logger.warn("careful")
            SentrySDK.metrics.distribution(key: "latency", value: 3, unit: "millisecond")
            #expect(hub.calls == ["message:warning:hello", "breadcrumb:crumb", "scope:k=v", "log:warn:careful",
                                  "metric:distribution:latency:3.0"])
            SentrySDK.close()
            #expect(!SentrySDK.isEnabled)
            #expect(hub.calls.last == "close")
        }
    }
}

final class RecordingHub: Hub {
    private let state = Locked<(calls: [String], scope: Scope)>(([], Scope()))
    var calls: [String] { state.withLock { $0.calls } }
    private func record(_ call: String) { state.withLock { $0.calls.append(call) } }

    func capture(event: Event, hint: CaptureHint) -> SentryId { record("event"); return event.eventId }
    func capture(error: any Error, hint: CaptureHint) -> SentryId { record("error"); return SentryId() }
    func capture(message: String, level: SentryLevel, hint: CaptureHint) -> SentryId {
        record("message:\(level.rawValue):\(message)")
        return SentryId()
    }
    func addBreadcrumb(_ breadcrumb: Breadcrumb) { record("breadcrumb:\(breadcrumb.message ?? "")") }
    func configureScope(_ body: (inout Scope) -> Void) {
        let tags = state.withLock { state in
            body(&state.scope)
            return state.scope.tags
        }
        record("scope:" + tags.map { "\($0)=\($1)" }.joined())
    }
    var options: Options {
        var options = Options()
        options.enableLogs = true
        return options
    }
    func startSpan(_ start: SpanStart) -> any Span {
        record("span:\(start.operation)")
        return NoOpSpan(traceId: SentryId(), parentSpanId: nil)
    }
    func continueTrace(headers: [String: String]) { record("continue:\(headers.count)") }
    func traceHeaders(for url: String?) -> [String: String] { ["sentry-trace": "x"] }
    func log(level: SentryLog.Level, message: SentryLogMessage, attributes: [String: Attribute]) {
        record("log:\(level.rawValue):\(message.body)")
    }
    func capture(checkIn: CheckIn) -> SentryId { record("checkin:\(checkIn.monitorSlug)"); return checkIn.checkInId }
    func startSession() {}
    func endSession() {}
    func startRequestSession() -> RequestSession? { nil }
    func endRequestSession(_ session: RequestSession, crashed: Bool) {}
    func metric(kind: MetricRecord.Kind, name: String, value: Double, unit: String?, attributes: [String: Attribute]) {
        record("metric:\(kind.rawValue):\(name):\(value)")
    }
    func flush(timeout: Duration) -> Bool { true }
    func close(timeout: Duration) { record("close") }
}
