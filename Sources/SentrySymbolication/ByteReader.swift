/// A bounds-checked little-endian cursor over bytes. Reading past the end never traps: it
/// returns zero and sets ``failed``, which stays set, so loops over untrusted data end.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int
    private(set) var failed = false

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
        if offset < 0 || offset > bytes.count { failed = true }
    }

    var isAtEnd: Bool { failed || offset >= bytes.count }
    var remaining: Int { failed ? 0 : max(0, bytes.count - offset) }

    private mutating func take(_ count: Int) -> Int? {
        guard !failed, count >= 0, count <= bytes.count - offset else {
            failed = true
            return nil
        }
        defer { offset += count }
        return offset
    }

    mutating func skip(_ count: Int) { _ = take(count) }

    mutating func seek(_ position: Int) {
        if position < 0 || position > bytes.count { failed = true } else { offset = position }
    }

    mutating func u8() -> UInt8 { take(1).map { bytes[$0] } ?? 0 }

    mutating func u16() -> UInt16 { take(2).map { bytes.loadUnaligned(fromByteOffset: $0, as: UInt16.self) } ?? 0 }

    mutating func u32() -> UInt32 { take(4).map { bytes.loadUnaligned(fromByteOffset: $0, as: UInt32.self) } ?? 0 }

    mutating func u64() -> UInt64 { take(8).map { bytes.loadUnaligned(fromByteOffset: $0, as: UInt64.self) } ?? 0 }

    /// An unsigned value of `size` bytes (1, 2, 4 or 8).
    mutating func unsigned(size: Int) -> UInt64 {
        switch size {
        case 1: return UInt64(u8())
        case 2: return UInt64(u16())
        case 4: return UInt64(u32())
        case 8: return u64()
        default:
            failed = true
            return 0
        }
    }

    mutating func uleb() -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = u8()
            if failed { return 0 }
            if shift < 64 { result |= UInt64(byte & 0x7f) << shift }
            shift += 7
            if byte & 0x80 == 0 { return result }
        }
    }

    mutating func sleb() -> Int64 {
        var result: Int64 = 0
        var shift: Int64 = 0
        var byte: UInt8 = 0
        repeat {
            byte = u8()
            if failed { return 0 }
            if shift < 64 { result |= Int64(byte & 0x7f) << shift }
            shift += 7
        } while byte & 0x80 != 0
        // Sign-extend from the last bit read (`-1 << shift`: negating `1 << 63` would overflow).
        if shift < 64, byte & 0x40 != 0 { result |= -1 << shift }
        return result
    }

    /// A NUL-terminated string's byte range (without the NUL).
    mutating func cString() -> Range<Int>? {
        guard !failed else { return nil }
        var end = offset
        while end < bytes.count, bytes[end] != 0 { end += 1 }
        guard end < bytes.count else {
            failed = true
            return nil
        }
        defer { offset = end + 1 }
        return offset..<end
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The NUL-terminated string at `position` in `table`, or `nil` when out of bounds.
    static func cString(in table: UnsafeRawBufferPointer, at position: Int) -> String? {
        guard position >= 0, position < table.count else { return nil }
        var end = position
        while end < table.count, table[end] != 0 { end += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: table[position..<end]), as: UTF8.self)
    }
}
