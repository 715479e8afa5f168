import SentryAI
import SentryCore
import SentryTesting
import Testing

@Suite struct AgentTests {
    let weather = AIToolDefinition(name: "get_weather", type: .function, description: "Looks up the weather")

    @Test func callsInsideAnUnsampledAgentFollowItsDecision() async throws {
        // The sampler would keep a model call that started a trace of its own.
        let captured = try await withCapturedEvents(configure: { options in
            options.tracesSampler = { $0.operation == "gen_ai.invoke_agent" ? 0 : 1 }
        }) {
            try await SentrySDK.withAgentSpan(AIAgent(name: "forecaster")) { agent in
                #expect(!agent.isRecording)
                try await SentrySDK.withAIClientSpan(AIRequest(provider: "openai", model: "gpt-4o")) { span in
                    #expect(!span.isRecording)
                }
                try SentrySDK.withToolSpan(weather) { tool in #expect(!tool.isRecording) }
            }
        }
        #expect(captured.transactions.isEmpty)
    }

    @Test func agentSpanNestsCallsAndToolsAndSumsTheirUsage() async throws {
        let captured = try await capture {
            try await SentrySDK.withAgentSpan(AIAgent(name: "forecaster", provider: "openai", model: "gpt-4o", tools: [weather])) { _ in
                try await SentrySDK.withAIClientSpan(AIRequest(provider: "openai", model: "gpt-4o")) { span in
                    span.record(AIResponse(usage: AIUsage(inputTokens: 10, cachedInputTokens: 2, outputTokens: 5)))
                }
                let result = try await SentrySDK.withToolSpan(weather, arguments: ["city": "Paris"], callId: "call_1") { tool in
                    tool.recordToolResult(["sky": "sunny"])
                    return "sunny"
                }
                #expect(result == "sunny")
                try await SentrySDK.withAIClientSpan(AIRequest(provider: "openai", model: "gpt-4o")) { span in
                    span.record(AIResponse(usage: AIUsage(inputTokens: 20, outputTokens: 7, reasoningTokens: 3)))
                }
            }
        }
        let agent = try captured.span("gen_ai.invoke_agent")
        #expect(agent["description"] == "invoke_agent forecaster")
        #expect(agent.data("gen_ai.operation.name") == "invoke_agent")
        #expect(agent.data("gen_ai.agent.name") == "forecaster")
        #expect(agent.data("gen_ai.request.model") == "gpt-4o")
        #expect(agent.data("gen_ai.provider.name") == "openai")
        #expect(agent.data("gen_ai.usage.input_tokens") == 30)
        #expect(agent.data("gen_ai.usage.output_tokens") == 12)
        #expect(agent.data("gen_ai.usage.total_tokens") == 42)
        #expect(agent.data("gen_ai.usage.cache_read.input_tokens") == 2)
        #expect(agent.data("gen_ai.usage.reasoning.output_tokens") == 3)

        let chats = captured.spans.filter { $0["op"] == "gen_ai.chat" }
        #expect(chats.count == 2)
        for chat in chats {
            #expect(chat["parent_span_id"] == agent["span_id"])
            #expect(chat.data("gen_ai.agent.name") == "forecaster")
        }
        let tool = try captured.span("gen_ai.execute_tool")
        #expect(tool["parent_span_id"] == agent["span_id"])
        #expect(tool["description"] == "execute_tool get_weather")
        #expect(tool.data("gen_ai.operation.name") == "execute_tool")
        #expect(tool.data("gen_ai.tool.name") == "get_weather")
        #expect(tool.data("gen_ai.tool.type") == "function")
        #expect(tool.data("gen_ai.tool.description") == "Looks up the weather")
        #expect(tool.data("gen_ai.tool.call.id") == "call_1")
        #expect(tool.data("gen_ai.agent.name") == "forecaster")
        // Arguments and results are content: not without PII.
        #expect(tool.data("gen_ai.tool.call.arguments") == nil)
        #expect(tool.data("gen_ai.tool.call.result") == nil)
    }

    @Test func usageTheAgentRecordsReplacesTheSum() async throws {
        let captured = try await capture {
            try await SentrySDK.withAgentSpan(AIAgent(name: "a")) { agent in
                try await SentrySDK.withAIClientSpan(AIRequest(provider: "p", model: "m")) {
                    $0.record(usage: AIUsage(inputTokens: 1, outputTokens: 1))
                }
                agent.record(usage: AIUsage(inputTokens: 100, outputTokens: 50))
            }
        }
        #expect(try captured.span("gen_ai.invoke_agent").data("gen_ai.usage.total_tokens") == 150)
    }

    @Test func nestedAgentsKeepTheirOwnNamesAndSums() async throws {
        let captured = try await capture {
            try await SentrySDK.withAgentSpan(AIAgent(name: "outer")) { _ in
                try await SentrySDK.withAgentSpan(AIAgent(name: "inner")) { _ in
                    try await SentrySDK.withAIClientSpan(AIRequest(provider: "p", model: "m")) {
                        $0.record(usage: AIUsage(inputTokens: 4, outputTokens: 1))
                    }
                }
                _ = SentrySDK.withToolSpan(AIToolDefinition(name: "t")) { _ in 1 }
            }
        }
        let agents = captured.spans.filter { $0["op"] == "gen_ai.invoke_agent" }
        let inner = try #require(agents.first { $0.data("gen_ai.agent.name") == "inner" })
        let outer = try #require(agents.first { $0.data("gen_ai.agent.name") == "outer" })
        #expect(inner.data("gen_ai.usage.total_tokens") == 5)
        #expect(outer.data("gen_ai.usage.total_tokens") == nil)
        #expect(try captured.span("gen_ai.chat").data("gen_ai.agent.name") == "inner")
        #expect(try captured.span("gen_ai.execute_tool").data("gen_ai.agent.name") == "outer")
    }
}
