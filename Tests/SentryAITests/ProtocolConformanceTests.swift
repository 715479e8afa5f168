import SentryAI
import SentryCore
import SentryTesting
import Testing

/// Every AI span of a full agent run, checked field by field against `protocol.md` §7.2 (span)
/// and §12.1 (gen_ai span types, attributes and content rules).
@Suite struct ProtocolConformanceTests {
    static let roles: Set<String> = ["user", "assistant", "tool", "system"]
    static let deprecated = [
        "gen_ai.request.messages", "gen_ai.request.available_tools", "gen_ai.response.text",
        "gen_ai.response.tool_calls", "gen_ai.tool.input", "gen_ai.tool.output", "ai.model_id", "ai.input_messages",
    ]
    static let structured = [
        "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.definitions", "gen_ai.response.finish_reasons",
        "gen_ai.tool.call.arguments", "gen_ai.embeddings.input",
    ]

    func agentRun() async throws -> CapturedEvents {
        let tool = AIToolDefinition(name: "get_weather", type: .function, description: "Weather", parameters: ["type": "object"])
        return try await capture(pii: true) {
            try await SentrySDK.withAgentSpan(AIAgent(name: "planner", provider: "anthropic", model: "claude-sonnet", instructions: "plan", tools: [tool])) { _ in
                try await SentrySDK.withAIClientSpan(
                    AIRequest(provider: "anthropic", model: "claude-sonnet", messages: [.user("hi")], tools: [tool], maxTokens: 100)
                ) { span in
                    span.record(AIResponse(
                        id: "msg_1", model: "claude-sonnet-20250101", finishReasons: ["tool_use"],
                        output: [AIMessage(role: .assistant, parts: [.toolCall(id: "t1", name: "get_weather", arguments: ["city": "Rome"])])],
                        usage: AIUsage(inputTokens: 50, cachedInputTokens: 10, outputTokens: 20, reasoningTokens: 5)))
                }
                try await SentrySDK.withToolSpan(tool, arguments: ["city": "Rome"]) { $0.recordToolResult(["temp": 21]) }
                SentrySDK.recordHandoff(from: "planner", to: "writer")
                let stream = SentrySDK.traceAIStream(
                    AIRequest(provider: "anthropic", model: "claude-sonnet", messages: [.user("write")]),
                    deltas([Delta(text: "Ro", promptTokens: 30), Delta(text: "me", completionTokens: 2, finish: "end_turn")], delay: .milliseconds(2)),
                    chunk: chunk)
                for try await _ in stream {}
                try await SentrySDK.withEmbeddingsSpan(provider: "openai", model: "text-embedding-3-small", inputs: ["Rome"]) {
                    $0.record(usage: AIUsage(inputTokens: 3))
                }
            }
        }
    }

    @Test func everyAISpanFollowsTheProtocol() async throws {
        let captured = try await agentRun()
        let transaction = try #require(captured.transactions.first)
        let traceId = try #require(transaction["contexts"]?["trace"]?["trace_id"]?.stringValue)
        let spans = captured.spans.filter { $0["op"]?.stringValue?.hasPrefix("gen_ai.") == true }
        #expect(Set(spans.compactMap { $0["op"]?.stringValue }) == [
            "gen_ai.invoke_agent", "gen_ai.chat", "gen_ai.execute_tool", "gen_ai.handoff", "gen_ai.embeddings",
        ])
        #expect(spans.count == 6)
        for span in spans { try checkSpan(span, traceId: traceId) }
    }

    func checkSpan(_ span: JSONValue, traceId: String) throws {
        let op = try #require(span["op"]?.stringValue)
        let name = try #require(span["description"]?.stringValue, "\(op) has no name")
        let data = try #require(span["data"]?.objectValue, "\(op) has no data")
        let context = Comment(rawValue: "\(op) \(name)")
        // §7.2: ids, timestamps, origin.
        #expect(span["trace_id"]?.stringValue == traceId, context)
        #expect(span["span_id"]?.stringValue?.count == 16, context)
        #expect(span["parent_span_id"]?.stringValue?.count == 16, context)
        let start = try #require(span["start_timestamp"]?.doubleValue)
        let end = try #require(span["timestamp"]?.doubleValue)
        #expect(start <= end, context)
        #expect(span["origin"] == "manual", context)
        // §12.1: the operation name matches the op; the span name follows its pattern.
        let operation = try #require(data["gen_ai.operation.name"]?.stringValue, context)
        #expect(op == "gen_ai." + operation, context)
        switch operation {
        case "invoke_agent":
            #expect(name == "invoke_agent \(data["gen_ai.agent.name"]?.stringValue ?? "")", context)
            #expect(data["gen_ai.request.model"] == "claude-sonnet", context)
        case "chat", "embeddings":
            let model = try #require(data["gen_ai.request.model"]?.stringValue, context)
            #expect(name == "\(operation) \(model)", context)
            #expect(data["gen_ai.provider.name"]?.stringValue?.isEmpty == false, context)
            #expect(data["gen_ai.system"] == data["gen_ai.provider.name"], context)
            #expect(data["gen_ai.agent.name"] == "planner", context)
            if operation == "chat" { #expect(data["gen_ai.response.model"] != nil, context) }
        case "execute_tool":
            #expect(name == "execute_tool \(data["gen_ai.tool.name"]?.stringValue ?? "")", context)
            #expect(data["gen_ai.agent.name"] == "planner", context)
            #expect(["function", "extension", "datastore"].contains(data["gen_ai.tool.type"]?.stringValue ?? ""), context)
            #expect(data["gen_ai.tool.call.result"]?.stringValue != nil, context)
        case "handoff":
            #expect(name == "handoff from planner to writer", context)
        default:
            Issue.record("unexpected operation \(operation)")
        }
        // Content rules: structured values are JSON strings; messages have known roles and typed parts.
        for key in Self.structured where data[key] != nil {
            let text = try #require(data[key]?.stringValue, "\(key) must be a string (\(context))")
            let parsed = try JSONValue.parse(text)
            if key.hasSuffix(".messages") {
                #expect(text.utf8.count <= 20_000, context)
                for message in try #require(parsed.arrayValue, context) {
                    #expect(Self.roles.contains(message["role"]?.stringValue ?? ""), context)
                    let parts = try #require(message["parts"]?.arrayValue, context)
                    for part in parts { #expect(part["type"]?.stringValue != nil, context) }
                }
            }
        }
        for key in Self.deprecated { #expect(data[key] == nil, "\(key) is deprecated (\(context))") }
        // Token usage: integers, total = input + output, cached/reasoning within them.
        if let input = data["gen_ai.usage.input_tokens"] {
            let inputTokens = try #require(input.intValue, context)
            let output = try #require(data["gen_ai.usage.output_tokens"]?.intValue, context)
            #expect(data["gen_ai.usage.total_tokens"]?.intValue == inputTokens + output, context)
            if case .double = input { Issue.record("input tokens must be an integer (\(context))") }
            if let cached = data["gen_ai.usage.cache_read.input_tokens"]?.intValue {
                #expect(cached <= inputTokens, context)
                #expect(data["gen_ai.usage.input_tokens.cached"] == nil, "deprecated alias (\(context))")
            }
            if let reasoning = data["gen_ai.usage.reasoning.output_tokens"]?.intValue {
                #expect(reasoning <= output, context)
                #expect(data["gen_ai.usage.output_tokens.reasoning"] == nil, "deprecated alias (\(context))")
            }
        }
        if let streaming = data["gen_ai.response.streaming"] {
            #expect(streaming == true, context)
            guard case .double(let ttft) = data["gen_ai.response.time_to_first_token"] else {
                Issue.record("a streamed span needs time_to_first_token as a double (\(context))")
                return
            }
            #expect(ttft > 0 && ttft <= end - start, context)
        }
    }

    @Test func agentTotalsAreTheSumOfItsCalls() async throws {
        let captured = try await agentRun()
        let agent = try captured.span("gen_ai.invoke_agent")
        // chat 50+20, stream 30+2, embeddings 3+0.
        #expect(agent.data("gen_ai.usage.input_tokens") == 83)
        #expect(agent.data("gen_ai.usage.output_tokens") == 22)
        #expect(agent.data("gen_ai.usage.total_tokens") == 105)
    }
}
