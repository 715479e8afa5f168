public import SentryCore

/// A tool a model may call: its name, kind and description (`gen_ai.tool.*`).
public struct AIToolDefinition: Sendable, Hashable {
    /// The tool's name, e.g. `get_weather`.
    public var name: String
    /// What kind of tool it is.
    public var type: ToolType
    /// What it does, as told to the model.
    public var description: String?
    /// The JSON schema of its parameters, when known.
    public var parameters: JSONValue?

    /// Describes a tool.
    public init(name: String, type: ToolType = .function, description: String? = nil, parameters: JSONValue? = nil) {
        self.name = name
        self.type = type
        self.description = description
        self.parameters = parameters
    }

    /// `gen_ai.tool.type`: `function` runs in the client, `extension` in an agent's host,
    /// `datastore` reads data for retrieval.
    public struct ToolType: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
        /// The type's name as sent.
        public let rawValue: String
        /// A type by name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A type by name.
        public init(stringLiteral value: String) { self.rawValue = value }
        /// A function the client executes.
        public static let function = ToolType(rawValue: "function")
        /// A tool the agent's host executes.
        public static let `extension` = ToolType(rawValue: "extension")
        /// A data store read for retrieval.
        public static let datastore = ToolType(rawValue: "datastore")
    }

    /// The definition as JSON for `gen_ai.tool.definitions`.
    var json: JSONValue {
        var object: [String: JSONValue] = ["name": .string(name), "type": .string(type.rawValue)]
        if let description { object["description"] = .string(description) }
        if let parameters { object["parameters"] = parameters }
        return .object(object)
    }
}
