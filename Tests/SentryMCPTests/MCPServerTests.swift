#if MCP
import MCP
import SentryAI
import SentryCore
import SentryMCP
import SentryTesting
import Testing

struct WeatherError: Error, CustomStringConvertible {
    var description: String { "weather service down" }
}

/// A server with one tool, one resource and one prompt, connected to a client in memory.
func withWeatherServer(_ body: (Client) async throws -> Void) async throws {
    let (clientTransport, serverTransport) = await InMemoryTransport.createConnectedPair()
    let server = Server(
        name: "weather-server", version: "1.2.0", title: "Weather",
        capabilities: .init(prompts: .init(), resources: .init(), tools: .init()))
    await server.withTracedMethodHandler(CallTool.self) { parameters in
        if parameters.name == "explode" { throw WeatherError() }
        let city = parameters.arguments?["city"]?.stringValue ?? "?"
        return CallTool.Result(content: [.text(text: "sunny in \(city)", annotations: nil, _meta: nil)])
    }
    await server.withTracedMethodHandler(ReadResource.self) { parameters in
        ReadResource.Result(contents: [.text("20°C", uri: parameters.uri)])
    }
    await server.withTracedMethodHandler(GetPrompt.self) { parameters in
        GetPrompt.Result(description: nil, messages: [.user(.text(text: "Forecast for \(parameters.arguments?["city"] ?? "")"))])
    }
    try await server.startTraced(transport: serverTransport)
    let client = Client(name: "test-client", version: "0.9.0", title: "Tester")
    _ = try await client.connect(transport: clientTransport)
    try await body(client)
    await client.disconnect()
    await server.stop()
}

@Suite struct MCPServerTests {
    func captureMCP(pii: Bool, _ body: @escaping (Client) async throws -> Void) async throws -> CapturedEvents {
        try await withCapturedEvents(configure: {
            $0.tracesSampleRate = 1
            $0.sendDefaultPii = pii
        }) {
            try await withWeatherServer(body)
        }
    }

    func mcpSpans(_ captured: CapturedEvents) -> [JSONValue] {
        // Each request handler runs in its own task with no active span: its span is a transaction.
        captured.transactions.compactMap { $0["contexts"]?["trace"] }.filter { $0["op"] == "mcp.server" }
    }

    @Test func toolCallIsOneSpanWithTheMCPAttributes() async throws {
        let captured = try await captureMCP(pii: false) { client in
            let (content, isError) = try await client.callTool(name: "get_weather", arguments: ["city": "Paris"])
            #expect(isError != true)
            #expect(content.count == 1)
        }
        let transactions = captured.transactions.filter { $0["contexts"]?["trace"]?["op"] == "mcp.server" }
        #expect(transactions.count == 1)
        let transaction = try #require(transactions.first)
        #expect(transaction["transaction"] == "tools/call get_weather")
        let span = try #require(transaction["contexts"]?["trace"])
        #expect(span["origin"] == "auto.ai.mcp")
        let data = try #require(span["data"])
        #expect(data["mcp.method.name"] == "tools/call")
        #expect(data["mcp.tool.name"] == "get_weather")
        #expect(data["mcp.transport"] == "unknown")
        #expect(data["network.transport"] == "pipe")
        #expect(data["network.protocol.version"] == "2.0")
        #expect(data["mcp.request.id"]?.stringValue?.isEmpty == false)
        #expect(data["mcp.client.name"] == "test-client")
        #expect(data["mcp.client.title"] == "Tester")
        #expect(data["mcp.client.version"] == "0.9.0")
        #expect(data["mcp.server.name"] == "weather-server")
        #expect(data["mcp.server.title"] == "Weather")
        #expect(data["mcp.server.version"] == "1.2.0")
        #expect(data["mcp.tool.result.is_error"] == false)
        #expect(data["mcp.tool.result.content_count"] == 1)
        // No arguments or results without PII.
        #expect(data["mcp.request.argument.city"] == nil)
        #expect(data["mcp.tool.result.content"] == nil)
    }

    @Test func argumentsAndResultsNeedPii() async throws {
        let captured = try await captureMCP(pii: true) { client in
            _ = try await client.callTool(name: "get_weather", arguments: ["city": "Paris"])
            _ = try await client.getPrompt(name: "forecast", arguments: ["city": "Oslo"])
        }
        let spans = mcpSpans(captured)
        let tool = try #require(spans.first { $0["data"]?["mcp.method.name"] == "tools/call" }?["data"])
        #expect(tool["mcp.request.argument.city"] == "Paris")
        let content = try JSONValue.parse(try #require(tool["mcp.tool.result.content"]?.stringValue))
        #expect(content[0] == ["type": "text", "text": "sunny in Paris"])
        let prompt = try #require(spans.first { $0["data"]?["mcp.method.name"] == "prompts/get" }?["data"])
        #expect(prompt["mcp.request.argument.city"] == "Oslo")
        #expect(prompt["mcp.prompt.result.message_role"] == "user")
        #expect(prompt["mcp.prompt.result.message_content"] == "Forecast for Oslo")
    }

    @Test func resourceReadAndPromptGetAreSpansToo() async throws {
        let captured = try await captureMCP(pii: false) { client in
            let contents = try await client.readResource(uri: "weather://paris/today")
            #expect(contents.first?.text == "20°C")
            let prompt = try await client.getPrompt(name: "forecast", arguments: ["city": "Oslo"])
            #expect(prompt.messages.count == 1)
        }
        let names = Set(captured.transactions.compactMap { $0["transaction"]?.stringValue })
        #expect(names.isSuperset(of: ["resources/read weather://paris/today", "prompts/get forecast"]))
        let spans = mcpSpans(captured)
        let resource = try #require(spans.first { $0["data"]?["mcp.method.name"] == "resources/read" }?["data"])
        #expect(resource["mcp.resource.uri"] == "weather://paris/today")
        #expect(resource["mcp.resource.protocol"] == "weather")
        #expect(resource["mcp.transport"] == "unknown")
        let prompt = try #require(spans.first { $0["data"]?["mcp.method.name"] == "prompts/get" }?["data"])
        #expect(prompt["mcp.prompt.name"] == "forecast")
        #expect(prompt["mcp.prompt.result.message_count"] == 1)
        #expect(prompt["mcp.prompt.result.message_content"] == nil)
        #expect(prompt["mcp.request.argument.city"] == nil)
    }

    @Test func aFailingToolIsCapturedOnceLinkedToItsSpan() async throws {
        let captured = try await captureMCP(pii: false) { client in
            await #expect(throws: (any Error).self) { _ = try await client.callTool(name: "explode") }
        }
        #expect(captured.events.count == 1)
        let event = try #require(captured.events.first)
        let exception = try #require(event["exception"]?["values"]?.arrayValue?.last)
        #expect(exception["value"] == "weather service down")
        #expect(exception["mechanism"]?["type"] == "mcp")
        let span = try #require(mcpSpans(captured).first)
        #expect(span["status"] == "internal_error")
        #expect(span["data"]?["mcp.tool.result.is_error"] == true)
        #expect(event["contexts"]?["trace"]?["span_id"] == span["span_id"])
    }

    @Test func anAISpanInsideAToolDoesNotCaptureTwice() async throws {
        let (clientTransport, serverTransport) = await InMemoryTransport.createConnectedPair()
        let server = Server(name: "s", version: "1", capabilities: .init(tools: .init()))
        let captured = try await withCapturedEvents(configure: { $0.tracesSampleRate = 1 }) {
            await server.withTracedMethodHandler(CallTool.self) { _ in
                try await SentrySDK.withAIClientSpan(AIRequest(provider: "p", model: "m")) { _ in throw WeatherError() }
            }
            try await server.startTraced(transport: serverTransport, transportKind: .stdio)
            let client = Client(name: "c", version: "1")
            _ = try await client.connect(transport: clientTransport)
            _ = try? await client.callTool(name: "ask")
            await client.disconnect()
            await server.stop()
        }
        #expect(captured.events.count == 1)
        let transaction = try #require(captured.transactions.first { $0["contexts"]?["trace"]?["op"] == "mcp.server" })
        #expect(transaction["contexts"]?["trace"]?["data"]?["mcp.transport"] == "stdio")
        #expect(transaction["contexts"]?["trace"]?["data"]?["network.transport"] == "pipe")
        let chat = try #require(transaction["spans"]?[0])
        #expect(chat["op"] == "gen_ai.chat")
        #expect(captured.events.first?["contexts"]?["trace"]?["span_id"] == chat["span_id"])
    }
}
#endif
