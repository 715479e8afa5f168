import SentryAI
import SentryCore
import SentryTesting
import Testing

@Suite struct ClientSpanTests {
    let request = AIRequest(
        provider: "openai", model: "gpt-4o", messages: [.system("be brief"), .user("weather in Paris?")],
        tools: [AIToolDefinition(name: "get_weather", description: "Looks up the weather")], maxTokens: 256,
        temperature: 0.2, topP: 0.9, topK: 40, frequencyPenalty: 0.1, presencePenalty: 0.3, seed: 7,
        reasoningLevel: "low", conversationId: "conv-1")

    @Test func chatSpanCarriesRequestResponseAndUsage() async throws {
        let captured = try await capture {
            let reply = try await SentrySDK.withAIClientSpan(request) { span in
                span.record(
                    AIResponse(
                        id: "resp_1", model: "gpt-4o-2024-08-06", finishReasons: ["stop"], output: [.assistant("Sunny")],
                        usage: AIUsage(
                            inputTokens: 100, cachedInputTokens: 40, cacheWriteInputTokens: 5, outputTokens: 30,
                            reasoningTokens: 12)))
                return "Sunny"
            }
            #expect(reply == "Sunny")
        }
        let span = try captured.span("gen_ai.chat")
        #expect(span["description"] == "chat gpt-4o")
        #expect(span["origin"] == "manual")
        #expect(span.data("gen_ai.operation.name") == "chat")
        #expect(span.data("gen_ai.provider.name") == "openai")
        #expect(span.data("gen_ai.system") == "openai")
        #expect(span.data("gen_ai.request.model") == "gpt-4o")
        #expect(span.data("gen_ai.response.model") == "gpt-4o-2024-08-06")
        #expect(span.data("gen_ai.response.id") == "resp_1")
        #expect(try span.parsedData("gen_ai.response.finish_reasons") == ["stop"])
        #expect(span.data("gen_ai.request.max_tokens") == 256)
        #expect(span.data("gen_ai.request.temperature") == 0.2)
        #expect(span.data("gen_ai.request.top_p") == 0.9)
        #expect(span.data("gen_ai.request.top_k") == 40)
        #expect(span.data("gen_ai.request.frequency_penalty") == 0.1)
        #expect(span.data("gen_ai.request.presence_penalty") == 0.3)
        #expect(span.data("gen_ai.request.seed") == 7)
        #expect(span.data("gen_ai.request.reasoning.level") == "low")
        #expect(span.data("gen_ai.conversation.id") == "conv-1")
        #expect(span.data("gen_ai.usage.input_tokens") == 100)
        #expect(span.data("gen_ai.usage.output_tokens") == 30)
        #expect(span.data("gen_ai.usage.total_tokens") == 130)
        #expect(span.data("gen_ai.usage.cache_read.input_tokens") == 40)
        #expect(span.data("gen_ai.usage.cache_creation.input_tokens") == 5)
        #expect(span.data("gen_ai.usage.reasoning.output_tokens") == 12)
        // Tool definitions are metadata: always there, as a JSON string.
        let tools = try span.parsedData("gen_ai.tool.definitions")
        #expect(tools[0]?["name"] == "get_weather")
        #expect(tools[0]?["type"] == "function")
        // No personal data by default.
        #expect(span.data("gen_ai.input.messages") == nil)
        #expect(span.data("gen_ai.output.messages") == nil)
        #expect(span.data("gen_ai.response.streaming") == nil)
    }

    @Test func providerTotalWinsOverTheSum() {
        #expect(AIUsage(inputTokens: 3, outputTokens: 4).totalTokens == 7)
        #expect(AIUsage(inputTokens: 3, outputTokens: 4, totalTokens: 9).totalTokens == 9)
        let sum = AIUsage(inputTokens: 1, outputTokens: 2) + AIUsage(inputTokens: 10, cachedInputTokens: 4, outputTokens: 20)
        #expect(sum == AIUsage(inputTokens: 11, cachedInputTokens: 4, outputTokens: 22))
        #expect(sum.totalTokens == 33)
    }

    @Test func otherOperationsNameTheirSpans() async throws {
        let captured = try await capture {
            try await SentrySDK.withAIClientSpan(AIRequest(operation: .textCompletion, provider: "local", model: "llama3")) { _ in }
            try await SentrySDK.withAIClientSpan(AIRequest(operation: .generateContent, provider: "gcp.gemini", model: "gemini-2.0")) { _ in }
        }
        #expect(try captured.span("gen_ai.text_completion")["description"] == "text_completion llama3")
        #expect(try captured.span("gen_ai.generate_content").data("gen_ai.operation.name") == "generate_content")
    }

    @Test func embeddingsSpanRecordsInputsOnlyWithPii() async throws {
        for pii in [false, true] {
            let captured = try await capture(pii: pii) {
                try await SentrySDK.withEmbeddingsSpan(provider: "openai", model: "text-embedding-3-small", inputs: ["a", "b"]) { span in
                    span.record(usage: AIUsage(inputTokens: 8))
                }
            }
            let span = try captured.span("gen_ai.embeddings")
            #expect(span["description"] == "embeddings text-embedding-3-small")
            #expect(span.data("gen_ai.operation.name") == "embeddings")
            #expect(span.data("gen_ai.usage.input_tokens") == 8)
            #expect(span.data("gen_ai.usage.total_tokens") == 8)
            if pii {
                #expect(try span.parsedData("gen_ai.embeddings.input") == ["a", "b"])
            } else {
                #expect(span.data("gen_ai.embeddings.input") == nil)
            }
        }
    }

    @Test func handoffIsAnInstantSpan() async throws {
        let captured = try await capture { SentrySDK.recordHandoff(from: "triage", to: "weather") }
        let span = try captured.span("gen_ai.handoff")
        #expect(span["description"] == "handoff from triage to weather")
        #expect(span.data("gen_ai.operation.name") == "handoff")
        #expect(span.data("gen_ai.agent.name") == "triage")
        #expect(span["timestamp"] != nil)
    }

    @Test func clientLibrariesSetTheirOrigin() async throws {
        let captured = try await capture {
            try await SentrySDK.withAIClientSpan(AIRequest(provider: "openai", model: "m", origin: "auto.ai.openai")) { _ in }
        }
        #expect(try captured.span("gen_ai.chat")["origin"] == "auto.ai.openai")
    }

    @Test func withAHubThatKeepsNothingTheBodyStillRuns() async throws {
        try await withoutSDK {
            var ran = 0
            let value = try await SentrySDK.withAIClientSpan(AIRequest(provider: "p", model: "m")) { span in
                #expect(!span.isRecording)
                span.record(AIResponse(usage: AIUsage(inputTokens: 1)))
                ran += 1
                return 42
            }
            let tool = SentrySDK.withToolSpan(AIToolDefinition(name: "t")) { _ in "done" }
            SentrySDK.recordHandoff(from: "a", to: "b")
            #expect(value == 42 && ran == 1 && tool == "done")
        }
    }

    @Test func tracingOffSendsNoSpans() async throws {
        let captured = try await capture(tracing: false) {
            try await SentrySDK.withAIClientSpan(request) { span in
                #expect(!span.isRecording)
                span.record(AIResponse(usage: AIUsage(inputTokens: 1)))
            }
        }
        #expect(captured.transactions.isEmpty)
    }
}
