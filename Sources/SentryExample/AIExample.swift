// `sentry-example ai`: an agent run against a fake LLM client in this process (no network):
// an agent span, two chat calls (the second streamed), a tool call and token usage; with the
// trait MCP, an MCP server answering one tool call over the SDK's in-memory transport.

import Sentry
import SentryAI
import SentryInbox
#if MCP
import MCP
import SentryMCP
#endif

/// What the fake model answers: text or a tool call, with usage.
struct FakeCompletion {
    var id: String
    var text: String?
    var toolCall: (name: String, arguments: JSONValue)?
    var promptTokens: Int
    var completionTokens: Int
}

/// One streamed piece of the fake model's answer.
struct FakeDelta: Sendable {
    var text: String
    var promptTokens = 0
    var completionTokens = 0
    var finished = false
}

/// An LLM client that answers from a script, the way a real one would over HTTP.
struct FakeLLMClient {
    let model = "fake-gpt-1"

    func chat(_ messages: [AIMessage]) async throws -> FakeCompletion {
        try await Task.sleep(for: .milliseconds(30))
        return FakeCompletion(
            id: "chatcmpl-1", toolCall: ("get_weather", ["city": "Lisbon"]), promptTokens: 42, completionTokens: 9)
    }

    func stream(_ messages: [AIMessage]) -> AsyncThrowingStream<FakeDelta, any Error> {
        AsyncThrowingStream { continuation in
            Task {
                let words = ["It", " is", " sunny", " in", " Lisbon", "."]
                for (index, word) in words.enumerated() {
                    try? await Task.sleep(for: .milliseconds(10))
                    continuation.yield(FakeDelta(text: word, promptTokens: index == 0 ? 61 : 0, completionTokens: 1))
                }
                continuation.yield(FakeDelta(text: "", finished: true))
                continuation.finish()
            }
        }
    }
}

let weatherTool = AIToolDefinition(name: "get_weather", description: "Current weather for a city")

func weather(in city: String) async -> String {
    try? await Task.sleep(for: .milliseconds(5))
    return "sunny, 24°C in \(city)"
}

func runAIExample() async {
    let client = FakeLLMClient()
    let agent = AIAgent(name: "weather-assistant", provider: "fake-llm", model: client.model, tools: [weatherTool])
    var messages: [AIMessage] = [.system("You answer weather questions."), .user("What's the weather in Lisbon?")]
    say("AI. an agent run: a chat call asking for a tool, the tool, a streamed answer")
    do {
        try await SentrySDK.withSpan(operation: "task", name: "answer weather question") { _ in
            try await SentrySDK.withAgentSpan(agent) { _ in
                let request = AIRequest(provider: "fake-llm", model: client.model, messages: messages, tools: [weatherTool], temperature: 0.2)
                let first = try await SentrySDK.withAIClientSpan(request) { span in
                    let completion = try await client.chat(messages)
                    span.record(AIResponse(
                        id: completion.id, model: client.model, finishReasons: ["tool_calls"],
                        output: [AIMessage(role: .assistant, parts: [.toolCall(id: "call-1", name: "get_weather", arguments: ["city": "Lisbon"])])],
                        usage: AIUsage(inputTokens: completion.promptTokens, outputTokens: completion.completionTokens)))
                    return completion
                }
                let city = first.toolCall?.arguments["city"]?.stringValue ?? "Lisbon"
                let report = await SentrySDK.withToolSpan(weatherTool, arguments: ["city": .string(city)], callId: "call-1") { tool in
                    let report = await weather(in: city)
                    tool.recordToolResult(.string(report))
                    return report
                }
                messages.append(AIMessage(role: .tool, parts: [.toolCallResponse(id: "call-1", response: .string(report))]))
                var answer = ""
                let stream = SentrySDK.traceAIStream(AIRequest(provider: "fake-llm", model: client.model, messages: messages), client.stream(messages)) {
                    AIStreamChunk(
                        text: $0.text, usage: AIUsage(inputTokens: $0.promptTokens, outputTokens: $0.completionTokens),
                        finishReason: $0.finished ? "stop" : nil, responseId: "chatcmpl-2", model: "fake-gpt-1")
                }
                for try await delta in stream { answer += delta.text }
                say("   the agent answered: \(answer)")
            }
        }
    } catch {
        say("   the agent failed: \(error)")
    }
    #if MCP
    await runMCPExample()
    #else
    say("   (build with --traits MCP to also run an MCP server tool call)")
    #endif
}

#if MCP
func runMCPExample() async {
    say("MCP. a server handles one tools/call over the in-memory transport")
    do {
        let (clientTransport, serverTransport) = await InMemoryTransport.createConnectedPair()
        let server = Server(name: "weather-mcp", version: "0.1.0", capabilities: .init(tools: .init()))
        await server.withTracedMethodHandler(CallTool.self) { parameters in
            let city = parameters.arguments?["city"]?.stringValue ?? "?"
            return CallTool.Result(content: [.text(text: await weather(in: city), annotations: nil, _meta: nil)])
        }
        try await server.startTraced(transport: serverTransport)
        let mcpClient = Client(name: "sentry-example", version: "0.1.0")
        _ = try await mcpClient.connect(transport: clientTransport)
        let (content, _) = try await mcpClient.callTool(name: "get_weather", arguments: ["city": "Porto"])
        if case .text(let text, _, _) = content.first { say("   the MCP tool answered: \(text)") }
        await mcpClient.disconnect()
        await server.stop()
    } catch {
        say("   the MCP call failed: \(error)")
    }
}
#endif

/// Sends what the AI run produced and, with the local inbox, says what arrived.
func finishAIExample(inbox: InboxServer?) {
    SentrySDK.close()
    guard let inbox else { return }
    let received = inbox.received()
    say("The inbox received \(received.count) envelope(s), \(received.flatMap(\.items).count) item(s).")
    inbox.stop()
}
