/// An agent run (`gen_ai.invoke_agent`): its name, default model and tools.
public struct AIAgent: Sendable, Hashable {
    /// The agent's name (`gen_ai.agent.name`); calls and tools inside the run carry it too.
    public var name: String
    /// The provider of its default model.
    public var provider: String?
    /// Its default model (`gen_ai.request.model`).
    public var model: String?
    /// Its instructions (recorded only when prompts may be sent).
    public var instructions: String?
    /// The tools it may call.
    public var tools: [AIToolDefinition]
    /// `gen_ai.conversation.id`.
    public var conversationId: String?
    /// The span's origin (default `manual`).
    public var origin: String?

    /// Describes an agent.
    public init(
        name: String, provider: String? = nil, model: String? = nil, instructions: String? = nil,
        tools: [AIToolDefinition] = [], conversationId: String? = nil, origin: String? = nil
    ) {
        self.name = name
        self.provider = provider
        self.model = model
        self.instructions = instructions
        self.tools = tools
        self.conversationId = conversationId
        self.origin = origin
    }
}
