/// What an AI client call does; it names the span's operation (`gen_ai.{name}`) and
/// `gen_ai.operation.name`.
public struct AIOperation: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
    /// The operation name, e.g. `chat`.
    public let rawValue: String

    /// An operation by name (prefer the predefined ones).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An operation by name.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// A chat completion (`gen_ai.chat`).
    public static let chat = AIOperation(rawValue: "chat")
    /// A plain text completion (`gen_ai.text_completion`).
    public static let textCompletion = AIOperation(rawValue: "text_completion")
    /// Multimodal content generation, e.g. Gemini's `generateContent` (`gen_ai.generate_content`).
    public static let generateContent = AIOperation(rawValue: "generate_content")
    /// An embeddings call (`gen_ai.embeddings`).
    public static let embeddings = AIOperation(rawValue: "embeddings")

    /// The span operation: `gen_ai.` followed by the name.
    public var spanOperation: String { "gen_ai." + rawValue }
}
