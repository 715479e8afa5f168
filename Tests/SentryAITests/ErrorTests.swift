import SentryAI
import SentryCore
import SentryTesting
import Testing

@Suite struct ErrorTests {
    @Test func anErrorInAToolIsCapturedOnceLinkedToTheToolSpan() async throws {
        let captured = await capture {
            do {
                try await SentrySDK.withAgentSpan(AIAgent(name: "a")) { _ in
                    try await SentrySDK.withAIClientSpan(AIRequest(provider: "p", model: "m")) { _ in
                        try await SentrySDK.withToolSpan(AIToolDefinition(name: "explode")) { _ in
                            throw FakeError(message: "boom")
                        }
                    }
                }
                Issue.record("the error must propagate")
            } catch let error as FakeError {
                #expect(error.message == "boom")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(captured.events.count == 1)
        let event = try #require(captured.events.first)
        let exception = try #require(event["exception"]?["values"]?.arrayValue?.last)
        #expect(exception["value"] == "boom")
        #expect(exception["mechanism"]?["type"] == "ai_monitoring")
        #expect(exception["mechanism"]?["handled"] == false)
        let tool = try captured.span("gen_ai.execute_tool")
        #expect(event["contexts"]?["trace"]?["span_id"] == tool["span_id"])
        #expect(tool["status"] == "internal_error")
        #expect(try captured.span("gen_ai.chat")["status"] == "internal_error")
        #expect(try captured.span("gen_ai.invoke_agent")["status"] == "internal_error")
    }

    @Test func aDifferentErrorThrownByTheAgentIsCapturedToo() async throws {
        let captured = await capture {
            _ = try? await SentrySDK.withAgentSpan(AIAgent(name: "a")) { _ in
                do {
                    try SentrySDK.withToolSpan(AIToolDefinition(name: "t")) { _ in throw FakeError(message: "inner") }
                } catch {
                    throw FakeError(message: "outer")
                }
            }
        }
        let values = captured.events.compactMap { $0["exception"]?["values"]?.arrayValue?.last?["value"]?.stringValue }
        #expect(values.sorted() == ["inner", "outer"])
    }

    @Test func errorsAreCapturedWithTracingOff() async throws {
        let captured = await capture(tracing: false) {
            _ = try? await SentrySDK.withAIClientSpan(AIRequest(provider: "p", model: "m")) { _ in
                throw FakeError(message: "rate limited")
            }
        }
        #expect(captured.events.count == 1)
        #expect(captured.transactions.isEmpty)
    }

    @Test func cancellationIsNotAnError() async throws {
        let captured = await capture {
            _ = try? await SentrySDK.withAIClientSpan(AIRequest(provider: "p", model: "m")) { _ in
                throw CancellationError()
            }
        }
        #expect(captured.events.isEmpty)
        #expect(try captured.span("gen_ai.chat")["status"] == "cancelled")
    }
}
