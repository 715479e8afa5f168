/// A typed attribute value for logs, trace metrics and span attributes:
/// `{"value": …, "type": "string"|"boolean"|"integer"|"double"|"array"}`.
public enum AttributeValue: Sendable, Hashable, JSONEncodable {
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    /// A homogeneous list of primitive values (sent as `"type": "array"`).
    case array([AttributeValue])

    /// The wire type name.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "double"
        case .array: "array"
        }
    }

    /// Writes the bare value (no type wrapper); nested arrays are stringified.
    func encodeValue(to writer: inout JSONWriter, nested: Bool = false) {
        switch self {
        case .string(let value): writer.string(value)
        case .bool(let value): writer.bool(value)
        case .int(let value): writer.int(value)
        case .double(let value): writer.double(value)
        case .array(let values):
            if nested { return writer.string(jsonString()) }
            writer.array { w in for value in values { value.encodeValue(to: &w, nested: true) } }
        }
    }

    /// Writes `{"value": …, "type": …}`.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.key("value")
            encodeValue(to: &w)
            w.field("type", typeName)
        }
    }
}

extension AttributeValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral
{
    /// A string attribute.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer attribute.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A double attribute.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A boolean attribute.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// A typed attribute with an optional unit.
public struct Attribute: Sendable, Hashable, JSONEncodable {
    /// The value.
    public var value: AttributeValue
    /// A unit such as `millisecond` or `byte`.
    public var unit: String?

    /// Creates an attribute.
    public init(_ value: AttributeValue, unit: String? = nil) {
        self.value = value
        self.unit = unit
    }

    /// Writes `{"value": …, "type": …, "unit"?: …}`.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.key("value")
            value.encodeValue(to: &w)
            w.field("type", value.typeName)
            w.field("unit", unit)
        }
    }
}

extension Attribute {
    /// Writes `"attributes": {…}`: `own`, then each of `shared` whose key `own` lacks; nothing when both are empty.
    static func write(_ own: [String: Attribute], shared: [String: Attribute], to writer: inout JSONWriter) {
        guard !own.isEmpty || !shared.isEmpty else { return }
        writer.key("attributes")
        writer.object { w in
            for (key, value) in own {
                w.key(key)
                value.encode(to: &w)
            }
            for (key, value) in shared where own[key] == nil {
                w.key(key)
                value.encode(to: &w)
            }
        }
    }
}
