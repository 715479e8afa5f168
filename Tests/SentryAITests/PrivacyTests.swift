import SentryAI
import SentryCore
import SentryTesting
import Testing

@Suite struct PrivacyTests {
    func run(pii: Bool, includePrompts: Bool?) async throws -> (chat: JSONValue, tool: JSONValue, agent: JSONValue) {
        let captured = try await capture(pii: pii, includePrompts: includePrompts) {
            try await SentrySDK.withAgentSpan(AIAgent(name: "a", instructions: "You forecast weather.")) { _ in
                try await SentrySDK.withAIClientSpan(
                    AIRequest(
                        provider: "openai", model: "gpt-4o",
                        messages: [
                            .user("Is it sunny in Paris?"),
                            AIMessage(role: "ai", parts: [.toolCall(id: "c1", name: "get_weather", arguments: ["city": "Paris"])]),
                            AIMessage(role: .tool, parts: [.toolCallResponse(id: "c1", response: "sunny")]),
                        ],
                        systemInstructions: "Answer in one word.")
                ) { span in
                    span.record(AIResponse(output: [.assistant("Sunny")]))
                }
                try await SentrySDK.withToolSpan(AIToolDefinition(name: "get_weather"), arguments: ["city": "Paris"]) { tool in
                    tool.recordToolResult("sunny")
                }
            }
        }
        return (try captured.span("gen_ai.chat"), try captured.span("gen_ai.execute_tool"), try captured.span("gen_ai.invoke_agent"))
    }

    @Test func contentIsRecordedWithSendDefaultPii() async throws {
        let (chat, tool, agent) = try await run(pii: true, includePrompts: nil)
        let input = try chat.parsedData("gen_ai.input.messages")
        #expect(input.arrayValue?.count == 3)
        #expect(input[0] == ["role": "user", "parts": [["type": "text", "content": "Is it sunny in Paris?"]]])
        // `ai` is read as `assistant`; tool calls keep their structure.
        #expect(input[1]?["role"] == "assistant")
        #expect(input[1]?["parts"]?[0] == ["type": "tool_call", "id": "c1", "name": "get_weather", "arguments": ["city": "Paris"]])
        #expect(input[2]?["parts"]?[0] == ["type": "tool_call_response", "id": "c1", "response": "sunny"])
        #expect(chat.data("gen_ai.system_instructions") == "Answer in one word.")
        #expect(try chat.parsedData("gen_ai.output.messages") == [["role": "assistant", "parts": [["type": "text", "content": "Sunny"]]]])
        #expect(try tool.parsedData("gen_ai.tool.call.arguments") == ["city": "Paris"])
        #expect(tool.data("gen_ai.tool.call.result") == "sunny")
        #expect(agent.data("gen_ai.system_instructions") == "You forecast weather.")
    }

    @Test(arguments: [(false, nil), (false, true), (true, false)] as [(Bool, Bool?)])
    func contentIsDroppedOtherwise(pii: Bool, includePrompts: Bool?) async throws {
        let (chat, tool, agent) = try await run(pii: pii, includePrompts: includePrompts)
        for key in ["gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions"] {
            #expect(chat.data(key) == nil, "\(key)")
        }
        #expect(tool.data("gen_ai.tool.call.arguments") == nil)
        #expect(tool.data("gen_ai.tool.call.result") == nil)
        #expect(agent.data("gen_ai.system_instructions") == nil)
        // Metadata stays.
        #expect(chat.data("gen_ai.request.model") == "gpt-4o")
        #expect(tool.data("gen_ai.tool.name") == "get_weather")
    }
}
