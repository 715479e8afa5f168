/// A value that writes itself as JSON with a ``JSONWriter``.
package protocol JSONEncodable {
    /// Appends this value as one complete JSON value.
    func encode(to writer: inout JSONWriter)
}

extension JSONEncodable {
    /// This value serialized as compact JSON bytes, in a buffer that starts at `capacity` bytes.
    package func jsonBytes(capacity: Int = 1024) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        encode(to: &writer)
        return writer.bytes
    }

    /// This value serialized as a compact JSON string.
    package func jsonString() -> String { String(decoding: jsonBytes(), as: UTF8.self) }
}

extension String: JSONEncodable {
    /// Writes the string, escaped.
    package func encode(to writer: inout JSONWriter) { writer.string(self) }
}

extension Bool: JSONEncodable {
    /// Writes `true` or `false`.
    package func encode(to writer: inout JSONWriter) { writer.bool(self) }
}

extension Int: JSONEncodable {
    /// Writes the integer.
    package func encode(to writer: inout JSONWriter) { writer.int(Int64(self)) }
}

extension Int64: JSONEncodable {
    /// Writes the integer.
    package func encode(to writer: inout JSONWriter) { writer.int(self) }
}

extension UInt64: JSONEncodable {
    /// Writes the integer.
    package func encode(to writer: inout JSONWriter) { writer.uint(self) }
}

extension Double: JSONEncodable {
    /// Writes the number (`null` when not finite).
    package func encode(to writer: inout JSONWriter) { writer.double(self) }
}

extension Array: JSONEncodable where Element: JSONEncodable {
    /// Writes a JSON array. The elements are read in place: iterating would copy each one
    /// (a frame's copy retains and releases each of its strings).
    package func encode(to writer: inout JSONWriter) {
        writer.beginArray()
        let elements = span
        for index in elements.indices { elements[index].encode(to: &writer) }
        writer.endArray()
    }
}

extension Dictionary: JSONEncodable where Key == String, Value: JSONEncodable {
    /// Writes a JSON object.
    package func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        for (key, value) in self {
            writer.key(string: key)
            value.encode(to: &writer)
        }
        writer.endObject()
    }
}
