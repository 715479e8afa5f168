/// A 128-bit identifier (event id, trace id, session id, check-in id, profile id): 32 lowercase hex
/// characters on the wire.
public struct SentryId: Hashable, Sendable, CustomStringConvertible {
    /// The first 64 bits.
    public var high: UInt64
    /// The last 64 bits.
    public var low: UInt64

    /// The all-zero id (for a check-in: "update the latest in-progress one"). Inlined, so the
    /// disabled façade returns it without a call.
    @inlinable public static var empty: SentryId { SentryId(high: 0, low: 0) }

    /// Creates an id from its two halves.
    @inlinable
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A new random id, shaped as a version-4 UUID.
    public init() {
        high = (FastRandom.next() & ~0xF000) | 0x4000
        low = (FastRandom.next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
    }

    /// Parses 32 hex characters, or a dashed UUID; `nil` for anything else.
    public init?(hex: some StringProtocol) {
        var digits: [UInt8] = []
        digits.reserveCapacity(32)
        for byte in hex.utf8 where byte != UInt8(ascii: "-") { digits.append(byte) }
        guard digits.count == 32, let high = HexCoding.parse(digits[0..<16]),
            let low = HexCoding.parse(digits[16..<32])
        else { return nil }
        self.init(high: high, low: low)
    }

    /// 32 lowercase hex characters.
    public var description: String { HexCoding.string(high) + HexCoding.string(low) }

    /// The dashed UUID form, `8-4-4-4-12`.
    public var uuidString: String {
        let hex = Array(description.utf8)
        let parts = [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]]
        return parts.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "-")
    }
}

extension SentryId: JSONEncodable {
    /// Writes the 32-hex string.
    package func encode(to writer: inout JSONWriter) { writer.hexString(high, low) }
}

/// A 64-bit span identifier: 16 lowercase hex characters on the wire.
public struct SpanId: Hashable, Sendable, CustomStringConvertible {
    /// The id's bits.
    public var value: UInt64

    /// Creates a span id with these bits.
    public init(value: UInt64) { self.value = value }

    /// A new random, non-zero span id.
    public init() {
        var bits = FastRandom.next()
        if bits == 0 { bits = 1 }
        value = bits
    }

    /// Parses 16 hex characters; `nil` for anything else.
    public init?(hex: some StringProtocol) {
        let digits = Array(hex.utf8)
        guard digits.count == 16, let value = HexCoding.parse(digits[...]) else { return nil }
        self.value = value
    }

    /// 16 lowercase hex characters.
    public var description: String { HexCoding.string(value) }
}

extension SpanId: JSONEncodable {
    /// Writes the 16-hex string.
    package func encode(to writer: inout JSONWriter) { writer.hexString(value) }
}

/// Fixed-width lowercase hex for ids and addresses.
enum HexCoding {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// 16 hex digits, zero-padded.
    static func string(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                buffer[index] = digits[Int((value >> (UInt64(15 - index) * 4)) & 0xF)]
            }
            return 16
        }
    }

    /// Parses up to 16 hex digits (either case).
    static func parse(_ text: ArraySlice<UInt8>) -> UInt64? {
        guard !text.isEmpty, text.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in text {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
