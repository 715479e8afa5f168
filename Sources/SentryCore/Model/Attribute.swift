/// A typed attribute value for logs, trace metrics and span attributes:
/// `{"value": …, "type": "string"|"boolean"|"integer"|"double"|"array"}`.
public enum AttributeValue: Sendable, Hashable, JSONEncodable {
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    /// A homogeneous list of primitive values (sent as `"type": "array"`).
    case array([AttributeValue])

    /// The wire type name. What JSON cannot carry typed is sent as a `string` (protocol: "anything
    /// else: stringify"): a NaN or infinite double, and an array whose elements are not all of one
    /// primitive type.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .bool: "boolean"
        case .int: "integer"
        case .double(let value): value.isFinite ? "double" : "string"
        case .array: isHomogeneousArray ? "array" : "string"
        }
    }

    /// The type name an element of an array is written with (nested arrays are stringified).
    private var elementTypeName: String {
        if case .array = self { return "string" }
        return typeName
    }

    /// Whether this is an array whose elements all go out as one primitive type.
    private var isHomogeneousArray: Bool {
        guard case .array(let values) = self, let first = values.first else { return true }
        let type = first.elementTypeName
        return values.allSatisfy { $0.elementTypeName == type }
    }

    /// Writes the bare value (no type wrapper); nested arrays and what ``typeName`` calls a
    /// `string` are stringified.
    func encodeValue(to writer: inout JSONWriter, nested: Bool = false) {
        switch self {
        case .string(let value): writer.string(value)
        case .bool(let value): writer.bool(value)
        case .int(let value): writer.int(value)
        case .double(let value):
            if value.isFinite { return writer.double(value) }
            writer.string(value.isNaN ? "NaN" : value < 0 ? "-Infinity" : "Infinity")
        case .array(let values):
            if nested { return writer.string(jsonString()) }
            guard isHomogeneousArray else {
                var text = JSONWriter()
                text.array { w in for value in values { value.encodeValue(to: &w, nested: true) } }
                return writer.string(String(decoding: text.bytes, as: UTF8.self))
            }
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
                w.key(string: key)
                value.encode(to: &w)
            }
            for (key, value) in shared where own[key] == nil {
                w.key(string: key)
                value.encode(to: &w)
            }
        }
    }
}
