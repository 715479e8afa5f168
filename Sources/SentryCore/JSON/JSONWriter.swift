/// A JSON writer that appends compact UTF-8 straight into a byte buffer.
///
/// It never fails: control characters and quotes are escaped, non-finite numbers become `null`,
/// and ``JSONValue`` trees deeper than ``maxDepth`` are cut off with `null`.
package struct JSONWriter: Sendable {
    /// The deepest container nesting written; deeper user data is replaced by `null`.
    package static let maxDepth = 64

    /// The bytes written so far.
    package private(set) var bytes: [UInt8]
    /// How many containers are open.
    package private(set) var depth = 0
    @usableFromInline var needsComma = false

    /// Creates a writer, reserving room for `capacity` bytes.
    package init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    /// Opens an object (`{`).
    package mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); open() }
    /// Closes an object (`}`).
    package mutating func endObject() { close(UInt8(ascii: "}")) }
    /// Opens an array (`[`).
    package mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); open() }
    /// Closes an array (`]`).
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Writes an object whose members `body` writes.
    @inlinable package mutating func object(_ body: (inout JSONWriter) -> Void) {
        beginObject(); body(&self); endObject()
    }

    /// Writes an array whose elements `body` writes.
    @inlinable package mutating func array(_ body: (inout JSONWriter) -> Void) {
        beginArray(); body(&self); endArray()
    }

    /// Writes an object key; the next value written belongs to it.
    package mutating func key(_ key: String) {
        separate()
        writeQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: Members (skip `nil`)

    /// Writes `"key": value`, or nothing when `value` is `nil`.
    @inlinable package mutating func field<Value: JSONEncodable>(_ key: String, _ value: Value?) {
        guard let value else { return }
        self.key(key)
        value.encode(to: &self)
    }

    /// Writes `"key": [...]`, or nothing when the array is empty.
    @inlinable package mutating func nonEmpty<Element: JSONEncodable>(_ key: String, _ values: [Element]) {
        guard !values.isEmpty else { return }
        field(key, values)
    }

    /// Writes `"key": {...}`, or nothing when the dictionary is empty.
    @inlinable package mutating func nonEmpty<Value: JSONEncodable>(_ key: String, _ values: [String: Value]) {
        guard !values.isEmpty else { return }
        field(key, values)
    }

    // MARK: Scalars

    /// Writes `null`.
    package mutating func null() { separate(); append("null"); needsComma = true }

    /// Writes `true` or `false`.
    package mutating func bool(_ value: Bool) { separate(); append(value ? "true" : "false"); needsComma = true }

    /// Writes an integer.
    package mutating func int(_ value: Int64) {
        separate()
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDigits(value.magnitude)
        } else {
            appendDigits(UInt64(value))
        }
        needsComma = true
    }

    /// Writes an unsigned integer.
    package mutating func uint(_ value: UInt64) { separate(); appendDigits(value); needsComma = true }

    /// Writes a number; NaN and ±infinity become `null` (JSON has no such numbers).
    package mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        separate()
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            // Integral values: write without an exponent, keeping a ".0" so readers see a float.
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            appendDigits(UInt64(abs(value)))
            append(".0")
        } else {
            append(value.description)
        }
        needsComma = true
    }

    /// Writes a string, escaping quotes, backslashes and control characters.
    package mutating func string(_ value: String) {
        separate()
        writeQuoted(value)
        needsComma = true
    }

    /// Writes bytes as a JSON string; invalid UTF-8 sequences become U+FFFD.
    package mutating func string(utf8 bytes: some Collection<UInt8>) {
        string(String(decoding: bytes, as: UTF8.self))
    }

    /// Appends `fragment` verbatim: it must already be one complete JSON value.
    package mutating func raw(_ fragment: some Collection<UInt8>) {
        separate()
        bytes.append(contentsOf: fragment)
        needsComma = true
    }

    /// Appends bytes that are not part of the JSON structure (envelope newlines and payloads).
    /// The next value starts fresh, without a separating comma.
    package mutating func appendVerbatim(_ data: some Collection<UInt8>) {
        bytes.append(contentsOf: data)
        needsComma = false
    }

    /// Appends one byte outside the JSON structure (see ``appendVerbatim(_:)``).
    package mutating func appendVerbatim(_ byte: UInt8) {
        bytes.append(byte)
        needsComma = false
    }

    // MARK: Internals

    @usableFromInline mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func open() { depth += 1; needsComma = false }

    private mutating func close(_ byte: UInt8) {
        depth -= 1
        bytes.append(byte)
        needsComma = true
    }

    private mutating func append(_ ascii: StaticString) {
        ascii.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    private mutating func appendDigits(_ value: UInt64) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(value))
            return
        }
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)  // 40 bytes of scratch
        withUnsafeMutableBytes(of: &digits) { scratch in
            var remaining = value
            var index = scratch.count
            while remaining > 0 {
                index -= 1
                scratch[index] = UInt8(ascii: "0") &+ UInt8(remaining % 10)
                remaining /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[index...]))
        }
    }

    /// Writes an address as Sentry does: a string of `0x` and the shortest hex digits.
    package mutating func address(_ value: UInt64) {
        separate()
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "0"), UInt8(ascii: "x")])
        let digits = max(1, (64 - value.leadingZeroBitCount + 3) / 4)
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            bytes.append(Self.hexDigits[Int((value >> UInt64(shift)) & 0xF)])
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes `"key": "0x…"`, or nothing when `value` is `nil`.
    package mutating func addressField(_ key: String, _ value: UInt64?) {
        guard let value else { return }
        self.key(key)
        address(value)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Most strings need no escape: find the first byte that does, copy up to it in one go.
            var runStart = 0
            var index = Self.firstEscaped(in: utf8, from: 0)
            while index < utf8.count {
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                appendEscape(utf8[index])
                runStart = index + 1
                index = Self.firstEscaped(in: utf8, from: runStart)
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The index of the first byte from `start` on that JSON must escape (a control character,
    /// `"` or `\\`), or `utf8.count`. Eight bytes at a time while none of them is one.
    private static func firstEscaped(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = utf8.baseAddress else { return utf8.count }
        var index = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= utf8.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            // A zero byte of `word ^ pattern` marks a match; bytes below 0x20 show in `word - 0x20…`.
            let control = (word &- ones &* 0x20) & ~word & highs
            let quote = ((word ^ (ones &* 0x22)) &- ones) & ~(word ^ (ones &* 0x22)) & highs
            let backslash = ((word ^ (ones &* 0x5C)) &- ones) & ~(word ^ (ones &* 0x5C)) & highs
            if control | quote | backslash != 0 { break }
            index += 8
        }
        while index < utf8.count {
            let byte = base[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return index
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0xF)])
        }
    }
}
