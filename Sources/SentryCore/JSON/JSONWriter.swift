/// A JSON writer that appends compact UTF-8 straight into a byte buffer it owns.
///
/// It never fails: control characters and quotes are escaped, non-finite numbers become `null`,
/// and ``JSONValue`` trees deeper than ``maxDepth`` are cut off with `null`. The writer is
/// noncopyable so that its buffer has one owner: an append is a capacity check and a store, with
/// none of an array's uniqueness checks. ``bytes`` copies the result out once.
package struct JSONWriter: ~Copyable {
    /// The deepest container nesting written; deeper user data is replaced by `null`.
    package static let maxDepth = 64

    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    /// How many bytes are written.
    package private(set) var count = 0
    /// How many containers are open.
    package private(set) var depth = 0
    @usableFromInline var needsComma = false

    /// Creates a writer, reserving room for `capacity` bytes.
    package init(capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far, copied out.
    package var bytes: [UInt8] { [UInt8](UnsafeBufferPointer(start: base, count: count)) }

    // MARK: Containers

    /// Opens an object (`{`).
    package mutating func beginObject() { separate(); put(UInt8(ascii: "{")); open() }
    /// Closes an object (`}`).
    package mutating func endObject() { close(UInt8(ascii: "}")) }
    /// Opens an array (`[`).
    package mutating func beginArray() { separate(); put(UInt8(ascii: "[")); open() }
    /// Closes an array (`]`).
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Writes an object whose members `body` writes.
    @inlinable @inline(__always) package mutating func object(_ body: (inout JSONWriter) -> Void) {
        beginObject(); body(&self); endObject()
    }

    /// Writes an array whose elements `body` writes.
    @inlinable @inline(__always) package mutating func array(_ body: (inout JSONWriter) -> Void) {
        beginArray(); body(&self); endArray()
    }

    /// Writes an object key given as a literal; the next value written belongs to it.
    /// The literal is copied as it is: it must need no escaping (our field names never do).
    /// Inlined, so that each key's length is a constant and its copy a few moves.
    @inline(__always) package mutating func key(_ name: StaticString) {
        separate()
        name.withUTF8Buffer { utf8 in
            assert(Self.firstEscaped(in: utf8, from: 0) == utf8.count, "a key literal that needs escaping")
            reserve(utf8.count &+ 3)
            base[count] = UInt8(ascii: "\"")
            if let start = utf8.baseAddress { (base + (count &+ 1)).update(from: start, count: utf8.count) }
            count &+= utf8.count &+ 1
            base[count] = UInt8(ascii: "\"")
            base[count &+ 1] = UInt8(ascii: ":")
            count &+= 2
        }
        needsComma = false
    }

    /// Writes an object key from data (a tag's or a context's name), escaped; the next value
    /// written belongs to it.
    package mutating func key(string name: String) {
        separate()
        writeQuoted(name)
        put(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: Members (skip `nil`)

    /// Writes `"key": value`, or nothing when `value` is `nil`.
    @inlinable package mutating func field<Value: JSONEncodable>(_ key: StaticString, _ value: Value?) {
        guard let value else { return }
        self.key(key)
        value.encode(to: &self)
    }

    /// Writes `"key": [...]`, or nothing when the array is empty.
    @inlinable package mutating func nonEmpty<Element: JSONEncodable>(_ key: StaticString, _ values: [Element]) {
        guard !values.isEmpty else { return }
        field(key, values)
    }

    /// Writes `"key": {...}`, or nothing when the dictionary is empty.
    @inlinable package mutating func nonEmpty<Value: JSONEncodable>(_ key: StaticString, _ values: [String: Value]) {
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
            put(UInt8(ascii: "-"))
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
            if value < 0 { put(UInt8(ascii: "-")) }
            appendDigits(UInt64(abs(value)))
            append(".0")
        } else {
            // The standard library's shortest round-trip digits, handed over without a `String`
            // (a timestamp's 17 characters would not fit a small string: one allocation each).
            withUnsafeMutablePointer(to: &self) { writer in
                var sink = ASCIISink(writer: writer)
                value.write(to: &sink)
            }
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
        put(contentsOf: fragment)
        needsComma = true
    }

    /// Appends bytes that are not part of the JSON structure (envelope newlines and payloads).
    /// The next value starts fresh, without a separating comma.
    package mutating func appendVerbatim(_ data: some Collection<UInt8>) {
        put(contentsOf: data)
        needsComma = false
    }

    /// Appends one byte outside the JSON structure (see ``appendVerbatim(_:)``).
    package mutating func appendVerbatim(_ byte: UInt8) {
        put(byte)
        needsComma = false
    }

    /// Writes an address as Sentry does: a string of `0x` and the shortest hex digits.
    package mutating func address(_ value: UInt64) {
        separate()
        let digits = max(1, (64 - value.leadingZeroBitCount + 3) / 4)
        reserve(digits &+ 4)
        base[count] = UInt8(ascii: "\"")
        base[count &+ 1] = UInt8(ascii: "0")
        base[count &+ 2] = UInt8(ascii: "x")
        var remaining = value
        var index = count &+ 2 &+ digits
        while index > count &+ 2 {
            base[index] = Self.hexDigit(UInt8(truncatingIfNeeded: remaining & 0xF))
            remaining >>= 4
            index &-= 1
        }
        base[count &+ 3 &+ digits] = UInt8(ascii: "\"")
        count &+= digits &+ 4
        needsComma = true
    }

    /// Writes a string of 16 zero-padded lowercase hex digits (a span id).
    package mutating func hexString(_ value: UInt64) {
        separate()
        reserve(18)
        put(UInt8(ascii: "\""))
        putHexWord(value)
        put(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes a string of 32 zero-padded lowercase hex digits, `high`'s first (an event or trace id).
    package mutating func hexString(_ high: UInt64, _ low: UInt64) {
        separate()
        reserve(34)
        put(UInt8(ascii: "\""))
        putHexWord(high)
        putHexWord(low)
        put(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func putHexWord(_ word: UInt64) {
        reserve(16)
        var remaining = word
        var index = count &+ 16
        while index > count {
            index &-= 1
            base[index] = Self.hexDigit(UInt8(truncatingIfNeeded: remaining & 0xF))
            remaining >>= 4
        }
        count &+= 16
    }

    /// Writes `"key": "0x…"`, or nothing when `value` is `nil`.
    package mutating func addressField(_ key: StaticString, _ value: UInt64?) {
        guard let value else { return }
        self.key(key)
        address(value)
    }

    // MARK: Internals

    @usableFromInline mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
    }

    /// Makes room for `extra` more bytes.
    @inline(__always) @usableFromInline mutating func reserve(_ extra: Int) {
        if extra > capacity &- count { grow(toHold: extra) }
    }

    @usableFromInline @inline(never) mutating func grow(toHold extra: Int) {
        let (needed, overflow) = count.addingReportingOverflow(extra)
        precondition(!overflow, "JSONWriter: more bytes than memory holds")
        var newCapacity = capacity
        while newCapacity < needed { newCapacity = newCapacity > Int.max / 2 ? needed : newCapacity * 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    @inline(__always) @usableFromInline mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    /// Appends bytes as they are, keeping the comma state (a number's digits).
    fileprivate mutating func appendVerbatimBytes(_ buffer: UnsafeBufferPointer<UInt8>) { put(buffer) }

    private mutating func put(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let start = buffer.baseAddress else { return }
        reserve(buffer.count)
        Self.copy(UnsafeRawPointer(start), to: UnsafeMutableRawPointer(base + count), count: buffer.count)
        count &+= buffer.count
    }

    /// Copies `count` bytes. Most of what a writer copies is a short name or value, for which a
    /// call to `memcpy` costs more than the copy: up to 32 bytes move as two overlapping halves.
    @inline(__always) private static func copy(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
        switch count {
        case 16...32:
            let (a, b) = (source.loadUnaligned(as: (UInt64, UInt64).self),
                          source.loadUnaligned(fromByteOffset: count &- 16, as: (UInt64, UInt64).self))
            target.storeBytes(of: a, as: (UInt64, UInt64).self)
            target.storeBytes(of: b, toByteOffset: count &- 16, as: (UInt64, UInt64).self)
        case 8..<16:
            let (a, b) = (source.loadUnaligned(as: UInt64.self), source.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
            target.storeBytes(of: a, as: UInt64.self)
            target.storeBytes(of: b, toByteOffset: count &- 8, as: UInt64.self)
        case 4..<8:
            let (a, b) = (source.loadUnaligned(as: UInt32.self), source.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
            target.storeBytes(of: a, as: UInt32.self)
            target.storeBytes(of: b, toByteOffset: count &- 4, as: UInt32.self)
        case 0..<4:
            for offset in 0..<count { target.storeBytes(of: source.load(fromByteOffset: offset, as: UInt8.self), toByteOffset: offset, as: UInt8.self) }
        default:
            target.copyMemory(from: source, byteCount: count)
        }
    }

    private mutating func put(contentsOf data: some Collection<UInt8>) {
        if data.withContiguousStorageIfAvailable({ put($0) }) != nil { return }
        reserve(data.count)
        for byte in data { base[count] = byte; count &+= 1 }
    }

    private mutating func open() { depth += 1; needsComma = false }

    private mutating func close(_ byte: UInt8) {
        depth -= 1
        put(byte)
        needsComma = true
    }

    private mutating func append(_ ascii: StaticString) {
        ascii.withUTF8Buffer { put($0) }
    }

    private mutating func appendDigits(_ value: UInt64) {
        if value < 10 {
            put(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
            return
        }
        var digits = 1
        var rest = value / 10
        while rest > 0 { digits &+= 1; rest /= 10 }
        reserve(digits)
        var remaining = value
        var index = count &+ digits
        while index > count {
            index &-= 1
            base[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
        }
        count &+= digits
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &+ (nibble &- 10)
    }

    private mutating func writeQuoted(_ value: String) {
        if value.utf8.withContiguousStorageIfAvailable({ writeQuoted(utf8: $0) }) != nil { return }
        var contiguous = value
        contiguous.withUTF8 { writeQuoted(utf8: $0) }
    }

    private mutating func writeQuoted(utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count &+ 2)
        base[count] = UInt8(ascii: "\"")
        count &+= 1
        // Most strings need no escape: find the first byte that does, copy up to it in one go.
        var runStart = 0
        var index = Self.firstEscaped(in: utf8, from: 0)
        while index < utf8.count {
            if runStart < index { put(UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            appendEscape(utf8[index])
            runStart = index &+ 1
            index = Self.firstEscaped(in: utf8, from: runStart)
        }
        if runStart < utf8.count { put(UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        put(UInt8(ascii: "\""))
    }

    /// The index of the first byte from `start` on that JSON must escape (a control character,
    /// `"` or `\\`), or `utf8.count`. Eight bytes at a time; a tail of a longer string is read as
    /// the last eight bytes, overlapping bytes already found clean.
    private static func firstEscaped(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = utf8.baseAddress else { return utf8.count }
        let end = utf8.count
        var index = start
        while index &+ 8 <= end {
            let hits = escapeMask(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            if hits != 0 { return index &+ hits.trailingZeroBitCount / 8 }
            index &+= 8
        }
        guard index < end else { return end }
        if end &- start >= 8 {  // the last word lies within what this call scans
            let last = end &- 8
            let hits = escapeMask(UnsafeRawPointer(base + last).loadUnaligned(as: UInt64.self))
            return hits == 0 ? end : last &+ hits.trailingZeroBitCount / 8
        }
        while index < end {
            let byte = base[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index &+= 1
        }
        return end
    }

    /// The high bit of each byte of `word` (little-endian) that JSON must escape. Bytes above the
    /// lowest marked one may be marked falsely (a borrow carries); the lowest is exact.
    @inline(__always) private static func escapeMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let word = UInt64(littleEndian: word)
        // A zero byte of `word ^ pattern` marks a match; bytes below 0x20 show in `word - 0x20…`.
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = ((word ^ (ones &* 0x22)) &- ones) & ~(word ^ (ones &* 0x22)) & highs
        let backslash = ((word ^ (ones &* 0x5C)) &- ones) & ~(word ^ (ones &* 0x5C)) & highs
        return control | quote | backslash
    }

    private mutating func appendEscape(_ byte: UInt8) {
        reserve(6)
        base[count] = UInt8(ascii: "\\")
        let short: UInt8? = switch byte {
        case UInt8(ascii: "\""): UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): UInt8(ascii: "\\")
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        case 0x09: UInt8(ascii: "t")
        case 0x08: UInt8(ascii: "b")
        case 0x0C: UInt8(ascii: "f")
        default: nil
        }
        if let short {
            base[count &+ 1] = short
            count &+= 2
        } else {
            base[count &+ 1] = UInt8(ascii: "u")
            base[count &+ 2] = UInt8(ascii: "0")
            base[count &+ 3] = UInt8(ascii: "0")
            base[count &+ 4] = Self.hexDigit(byte >> 4)
            base[count &+ 5] = Self.hexDigit(byte & 0xF)
            count &+= 6
        }
    }
}

/// Hands the standard library's number formatting to a writer without building a `String`:
/// `Double.write(to:)` passes its digits to `_writeASCII` from a stack buffer.
private struct ASCIISink: TextOutputStream {
    let writer: UnsafeMutablePointer<JSONWriter>

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { writer.pointee.appendVerbatimBytes($0) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { writer.pointee.appendVerbatimBytes(buffer) }
}
