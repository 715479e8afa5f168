/// `contexts.runtime`.
public struct RuntimeContext: Sendable, Hashable, JSONEncodable {
    /// e.g. `swift`.
    public var name: String?
    /// e.g. `6.3.1`.
    public var version: String?
    /// An unparsed description.
    public var rawDescription: String?

    /// Creates a runtime context.
    public init(name: String? = nil, version: String? = nil, rawDescription: String? = nil) {
        self.name = name
        self.version = version
        self.rawDescription = rawDescription
    }

    /// Writes the runtime context object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("type", "runtime")
            w.field("name", name)
            w.field("version", version)
            w.field("raw_description", rawDescription)
        }
    }
}
