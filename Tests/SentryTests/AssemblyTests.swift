import Sentry
import SentryTesting
import Testing

/// `SentryTesting` builds its in-memory SDK through the same assembly as `SentrySDK.start`: its
/// events carry what the default integrations add.
@Suite struct AssemblyTests {
    struct Failure: Error {}

    @Test func theTestSDKRunsTheDefaultIntegrations() throws {
        let captured = withCapturedEvents(configure: { $0.attachStacktrace = true }) { SentrySDK.capture(error: Failure()) }
        let event = try #require(captured.events.first)
        let integrations = event["sdk"]?["integrations"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(integrations.contains("contexts") && integrations.contains("symbolication"))
        #expect(!integrations.contains("crash_handler"), "signal handlers are process-wide: not in a test SDK")
        #expect(event["contexts"]?["os"]?["name"] == "Linux")
        let frames = event["exception"]?["values"]?[0]?["stacktrace"]?["frames"]?.arrayValue ?? []
        #expect(frames.contains { $0["function"]?.stringValue?.contains("theTestSDKRunsTheDefaultIntegrations") == true })
        #expect(event["debug_meta"]?["images"]?.arrayValue?.isEmpty == false)
    }

    @Test func withoutDefaultIntegrationsOnlyTheGivenOnesRun() throws {
        let captured = withCapturedEvents(configure: { $0.defaultIntegrations = false }) {
            SentrySDK.capture(error: Failure())
        }
        let event = try #require(captured.events.first)
        #expect(event["sdk"]?["integrations"]?.arrayValue?.isEmpty ?? true)
        #expect(event["debug_meta"] == nil)
    }
}
