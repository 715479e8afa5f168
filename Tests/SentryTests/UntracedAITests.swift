import SentryAI
import SentryCore
import SentryInbox
import Testing

import Sentry

/// The AI helpers of a process-wide SDK started without tracing: no span, the error still
/// captured once. They install a hub globally, so they run in ``StartTests``.
extension StartTests {
    @Suite struct UntracedAITests {
        struct ToolFailed: Error {}
        struct StreamBroke: Error {}

        @Test func withTracingOffAIErrorsAreCapturedOnceAndNoSpanIsSent() async throws {
            let inbox = try InboxServer()
            defer { inbox.stop() }
            SentrySDK.start { options in
                options.dsn = inbox.dsn
                options.enableDiskSpool = false
            }
            defer { SentrySDK.close() }
            // (`SentrySDK.tracingIsOff` holds unless a parallel test binds a hub of its own; the
            // outcome is the same on both paths.)
            await #expect(throws: ToolFailed.self) {
                try await SentrySDK.withAgentSpan(AIAgent(name: "planner")) { agent in
                    #expect(!agent.isRecording)
                    try SentrySDK.withToolSpan(AIToolDefinition(name: "lookup")) { _ in throw ToolFailed() }
                }
            }
            SentrySDK.recordHandoff(from: "planner", to: "writer")
            let failing = AsyncThrowingStream<String, any Error> { $0.finish(throwing: StreamBroke()) }
            await #expect(throws: StreamBroke.self) {
                for try await _ in SentrySDK.traceAIStream(AIRequest(provider: "p", model: "m"), failing, chunk: { AIStreamChunk(text: $0) }) {}
            }
            #expect(SentrySDK.flush(timeout: .seconds(5)))
            let items = inbox.waitForEnvelopes(count: 2, timeout: .seconds(5)).flatMap(\.items)
            let events = items.filter { $0.header.type == .event }
            #expect(events.count == 2)  // the tool's error once (not again by the agent), the stream's
            #expect(!items.contains { $0.header.type == .transaction || $0.header.type == .span })
            let event = try JSONValue.parse(try #require(events.first).payload)
            #expect(event["exception"]?["values"]?.arrayValue?.last?["mechanism"]?["type"] == "ai_monitoring")
        }
    }
}
