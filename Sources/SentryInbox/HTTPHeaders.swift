/// The header fields of an HTTP request, in the order they arrived.
///
/// Lookups are case-insensitive, as HTTP field names are. Repeated fields are kept as separate entries.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    /// The fields as `(name, value)` pairs, names spelled as the client sent them, values trimmed.
    public private(set) var fields: [(name: String, value: String)]

    /// Creates a header list from `(name, value)` pairs.
    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// The value of the first field named `name` (case-insensitive), or `nil` when absent.
    public subscript(name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    /// Every value of the fields named `name` (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        let wanted = name.lowercased()
        return fields.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// Appends a field.
    public mutating func append(name: String, value: String) {
        fields.append((name, value))
    }

    /// Iterates over the fields in arrival order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    /// Two header lists are equal when they hold the same fields in the same order.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
