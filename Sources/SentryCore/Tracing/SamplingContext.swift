/// What `tracesSampler` sees when a transaction starts.
public struct SamplingContext: Sendable {
    /// The transaction's name.
    public var name: String
    /// Its operation.
    public var operation: String
    /// The upstream decision, when continuing a trace.
    public var parentSampled: Bool?
    /// The upstream sample rate, when known.
    public var parentSampleRate: Double?
    /// The initial data of the transaction (HTTP method, route…).
    public var data: [String: JSONValue]

    /// Creates a sampling context.
    public init(name: String, operation: String, parentSampled: Bool?, parentSampleRate: Double?, data: [String: JSONValue]) {
        self.name = name
        self.operation = operation
        self.parentSampled = parentSampled
        self.parentSampleRate = parentSampleRate
        self.data = data
    }
}
