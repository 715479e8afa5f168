/// What the span needs from one chunk of a streamed response; map your client's chunk type to
/// it in ``SentrySDK/traceAIStream(_:_:chunk:)``. Every field is optional.
public struct AIStreamChunk: Sendable, Hashable {
    /// Generated text in this chunk (its first arrival is the time to first token).
    public var text: String?
    /// Usage reported in this chunk; the span records the sum over the stream.
    public var usage: AIUsage?
    /// A finish reason, usually in the last chunk.
    public var finishReason: String?
    /// The response id.
    public var responseId: String?
    /// The model that answers.
    public var model: String?

    /// Describes a chunk.
    public init(
        text: String? = nil, usage: AIUsage? = nil, finishReason: String? = nil, responseId: String? = nil,
        model: String? = nil
    ) {
        self.text = text
        self.usage = usage
        self.finishReason = finishReason
        self.responseId = responseId
        self.model = model
    }
}
