public import SentryCore

/// A message sent to or received from a model, in the shape Sentry reads for
/// `gen_ai.input.messages` and `gen_ai.output.messages`: a role and its parts.
public struct AIMessage: Sendable, Hashable {
    /// Who wrote the message.
    public var role: Role
    /// What it says, in order.
    public var parts: [Part]

    /// A message with several parts.
    public init(role: Role, parts: [Part]) {
        self.role = role
        self.parts = parts
    }

    /// A message made of one text part.
    public init(role: Role, content: String) {
        self.init(role: role, parts: [.text(content)])
    }

    /// A user message.
    public static func user(_ content: String) -> AIMessage { AIMessage(role: .user, content: content) }
    /// An assistant (model) message.
    public static func assistant(_ content: String) -> AIMessage { AIMessage(role: .assistant, content: content) }
    /// A system message.
    public static func system(_ content: String) -> AIMessage { AIMessage(role: .system, content: content) }

    /// The author of a message. Sentry knows `system`, `user`, `assistant` and `tool`; `ai` is
    /// read as `assistant`.
    public struct Role: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
        /// The role's name as sent.
        public let rawValue: String

        /// A role by name; `ai` becomes `assistant`.
        public init(rawValue: String) { self.rawValue = rawValue == "ai" ? "assistant" : rawValue }

        /// A role by name.
        public init(stringLiteral value: String) { self.init(rawValue: value) }

        /// Instructions from the application.
        public static let system = Role(rawValue: "system")
        /// The end user.
        public static let user = Role(rawValue: "user")
        /// The model.
        public static let assistant = Role(rawValue: "assistant")
        /// A tool's answer to a tool call.
        public static let tool = Role(rawValue: "tool")
    }

    /// One part of a message.
    public enum Part: Sendable, Hashable {
        /// Text.
        case text(String)
        /// The model asks for a tool call.
        case toolCall(id: String?, name: String, arguments: JSONValue)
        /// A tool's result for the call `id`.
        case toolCallResponse(id: String?, response: JSONValue)
        /// Binary data (an image, audio); never sent, Sentry gets `"[Blob substitute]"`.
        case blob(mimeType: String?)
    }
}
