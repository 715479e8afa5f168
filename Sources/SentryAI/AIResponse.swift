/// What a model answered, as the span records it. The ``output`` is recorded only when
/// prompts may be sent; the rest always.
public struct AIResponse: Sendable, Hashable {
    /// The provider's response id (`gen_ai.response.id`).
    public var id: String?
    /// The model that answered (`gen_ai.response.model`), which may differ from the one asked for.
    public var model: String?
    /// Why generation stopped, one per choice (`gen_ai.response.finish_reasons`).
    public var finishReasons: [String]
    /// The messages the model produced (text and tool calls).
    public var output: [AIMessage]
    /// Token usage.
    public var usage: AIUsage?

    /// Describes a response.
    public init(
        id: String? = nil, model: String? = nil, finishReasons: [String] = [], output: [AIMessage] = [],
        usage: AIUsage? = nil
    ) {
        self.id = id
        self.model = model
        self.finishReasons = finishReasons
        self.output = output
        self.usage = usage
    }
}
