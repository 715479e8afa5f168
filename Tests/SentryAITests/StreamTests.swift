import SentryAI
import SentryCore
import SentryTesting
import Testing

/// A chunk as a client library might deliver it.
struct Delta: Sendable {
    var text: String?
    var promptTokens = 0
    var completionTokens = 0
    var finish: String?
}

/// A stream of deltas, each after `delay`, failing at the end with `error` if given.
func deltas(_ items: [Delta], delay: Duration = .milliseconds(20), error: FakeError? = nil) -> AsyncThrowingStream<Delta, any Error> {
    AsyncThrowingStream { continuation in
        let task = Task {
            for item in items {
                try? await Task.sleep(for: delay)
                continuation.yield(item)
            }
            continuation.finish(throwing: error)
        }
        continuation.onTermination = { _ in task.cancel() }
    }
}

func chunk(_ delta: Delta) -> AIStreamChunk {
    AIStreamChunk(
        text: delta.text,
        usage: delta.promptTokens + delta.completionTokens > 0
            ? AIUsage(inputTokens: delta.promptTokens, outputTokens: delta.completionTokens) : nil,
        finishReason: delta.finish, responseId: "resp_s", model: "gpt-4o-mini-2024")
}

@Suite struct StreamTests {
    let request = AIRequest(provider: "openai", model: "gpt-4o-mini", messages: [.user("tell me")])

    @Test func streamedSpanStaysOpenUntilTheStreamEndsAndSumsUsage() async throws {
        let items = [
            Delta(text: ""), Delta(text: "Hel", promptTokens: 12), Delta(text: "lo", completionTokens: 1),
            Delta(text: nil, completionTokens: 2, finish: "stop"),
        ]
        var received = ""
        let captured = try await capture(pii: true) {
            let stream = SentrySDK.traceAIStream(request, deltas(items), chunk: chunk)
            for try await delta in stream { received += delta.text ?? "" }
        }
        #expect(received == "Hello")
        let span = try captured.span("gen_ai.chat")
        #expect(span["description"] == "chat gpt-4o-mini")
        #expect(span.data("gen_ai.response.streaming") == true)
        #expect(span.data("gen_ai.usage.input_tokens") == 12)
        #expect(span.data("gen_ai.usage.output_tokens") == 3)
        #expect(span.data("gen_ai.usage.total_tokens") == 15)
        #expect(span.data("gen_ai.response.id") == "resp_s")
        #expect(span.data("gen_ai.response.model") == "gpt-4o-mini-2024")
        #expect(try span.parsedData("gen_ai.response.finish_reasons") == ["stop"])
        #expect(try span.parsedData("gen_ai.output.messages")[0]?["parts"]?[0]?["content"] == "Hello")
        let start = try #require(span["start_timestamp"]?.doubleValue)
        let end = try #require(span["timestamp"]?.doubleValue)
        // Four chunks 20 ms apart: the span covers the whole stream, and the first text (the
        // second chunk) came after about 40 ms.
        #expect(end - start >= 0.075)
        let ttft = try #require(span.data("gen_ai.response.time_to_first_token")?.doubleValue)
        #expect(ttft >= 0.035 && ttft < end - start)
    }

    @Test func streamedTextIsContent() async throws {
        let captured = try await capture(pii: false) {
            for try await _ in SentrySDK.traceAIStream(request, deltas([Delta(text: "secret")], delay: .zero), chunk: chunk) {}
        }
        let span = try captured.span("gen_ai.chat")
        #expect(span.data("gen_ai.output.messages") == nil)
        #expect(span.data("gen_ai.input.messages") == nil)
        #expect(span.data("gen_ai.response.time_to_first_token") != nil)
    }

    @Test func aFailingStreamIsCapturedOnceAndEndsTheSpan() async throws {
        let captured = await capture {
            do {
                try await SentrySDK.withAgentSpan(AIAgent(name: "streamer")) { _ in
                    let stream = SentrySDK.traceAIStream(
                        request, deltas([Delta(text: "par")], delay: .zero, error: FakeError(message: "connection reset")),
                        chunk: chunk)
                    for try await _ in stream {}
                }
            } catch {}
        }
        #expect(captured.events.count == 1)
        let span = try captured.span("gen_ai.chat")
        #expect(span["status"] == "internal_error")
        #expect(span.data("gen_ai.agent.name") == "streamer")
        #expect(captured.events.first?["contexts"]?["trace"]?["span_id"] == span["span_id"])
    }

    @Test func aStreamLeftEarlyEndsCancelled() async throws {
        let captured = try await capture {
            let stream = SentrySDK.traceAIStream(request, deltas([Delta(text: "a"), Delta(text: "b")], delay: .zero), chunk: chunk)
            for try await _ in stream { break }
        }
        let span = try captured.span("gen_ai.chat")
        #expect(span["status"] == "cancelled")
        #expect(span["timestamp"] != nil)
    }

    @Test func withAHubThatKeepsNothingTheStreamIsPassedThrough() async throws {
        try await withoutSDK {
            var count = 0
            for try await _ in SentrySDK.traceAIStream(request, deltas([Delta(text: "a"), Delta(text: "b")], delay: .zero), chunk: chunk) {
                count += 1
            }
            #expect(count == 2)
        }
    }
}
