/// One call to a model, as the span records it: provider, model, request parameters and the
/// prompt. Metadata is always recorded; ``messages``, ``systemInstructions`` and
/// ``embeddingsInput`` only when prompts may be sent (see ``AIMonitoringIntegration``).
public struct AIRequest: Sendable, Hashable {
    /// What the call does (`chat`, `embeddings`, …).
    public var operation: AIOperation
    /// The provider, e.g. `openai`, `anthropic` (`gen_ai.provider.name`, also sent as `gen_ai.system`).
    public var provider: String
    /// The model asked for (`gen_ai.request.model`).
    public var model: String
    /// The conversation so far.
    public var messages: [AIMessage]
    /// System instructions passed apart from the messages.
    public var systemInstructions: String?
    /// The tools offered to the model.
    public var tools: [AIToolDefinition]
    /// The inputs of an embeddings call.
    public var embeddingsInput: [String]
    /// `gen_ai.request.max_tokens`.
    public var maxTokens: Int?
    /// `gen_ai.request.temperature`.
    public var temperature: Double?
    /// `gen_ai.request.top_p`.
    public var topP: Double?
    /// `gen_ai.request.top_k`.
    public var topK: Int?
    /// `gen_ai.request.frequency_penalty`.
    public var frequencyPenalty: Double?
    /// `gen_ai.request.presence_penalty`.
    public var presencePenalty: Double?
    /// `gen_ai.request.seed`.
    public var seed: Int?
    /// `gen_ai.request.reasoning.level`, e.g. `low`, `high`.
    public var reasoningLevel: String?
    /// `gen_ai.conversation.id`, to group the calls of one conversation.
    public var conversationId: String?
    /// The span's origin: `manual`, or `auto.ai.<client library>` when a client library instruments itself.
    public var origin: String?

    /// Describes a call.
    public init(
        operation: AIOperation = .chat, provider: String, model: String, messages: [AIMessage] = [],
        systemInstructions: String? = nil, tools: [AIToolDefinition] = [], embeddingsInput: [String] = [],
        maxTokens: Int? = nil, temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil,
        frequencyPenalty: Double? = nil, presencePenalty: Double? = nil, seed: Int? = nil,
        reasoningLevel: String? = nil, conversationId: String? = nil, origin: String? = nil
    ) {
        self.operation = operation
        self.provider = provider
        self.model = model
        self.messages = messages
        self.systemInstructions = systemInstructions
        self.tools = tools
        self.embeddingsInput = embeddingsInput
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.seed = seed
        self.reasoningLevel = reasoningLevel
        self.conversationId = conversationId
        self.origin = origin
    }
}
