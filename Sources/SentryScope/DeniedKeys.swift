/// The scrubber's denied keys, matched case-insensitively with `-` and `_` alike. An ASCII key
/// (nearly every key) is compared byte by byte with the few denied keys of its length, so the
/// check neither hashes nor copies it; other keys are normalized and looked up in a set.
struct DeniedKeys: Sendable {
    /// The normalized ASCII keys by their byte count.
    private let asciiByLength: [[[UInt8]]]
    /// Every normalized key, for keys that are not ASCII.
    private let normalized: Set<String>
    /// Bit `b` set: some normalized key starts with ASCII byte `b` (a key starting with any other
    /// ASCII byte is never denied, whatever follows: lowercasing keeps its first character first).
    private let firstBytes: (low: UInt64, high: UInt64)

    init(_ keys: [String]) {
        normalized = Set(keys.map(Self.normalize))
        var byLength: [[[UInt8]]] = []
        var first: (low: UInt64, high: UInt64) = (0, 0)
        for key in normalized {
            if let byte = key.utf8.first, byte < 0x80 {
                if byte < 64 { first.low |= 1 << byte } else { first.high |= 1 << (byte - 64) }
            }
            guard key.utf8.allSatisfy({ $0 < 0x80 }) else { continue }
            let bytes = Array(key.utf8)
            if byLength.count <= bytes.count { byLength += Array(repeating: [], count: bytes.count + 1 - byLength.count) }
            byLength[bytes.count].append(bytes)
        }
        asciiByLength = byLength
        firstBytes = first
    }

    /// Whether `key` is denied.
    func contains(_ key: String) -> Bool {
        if let byte = key.utf8.first, byte < 0x80 {
            let folded = Self.fold(byte)
            let mask = folded < 64 ? firstBytes.low >> folded : firstBytes.high >> (folded - 64)
            guard mask & 1 != 0 else { return false }
        }
        let ascii = key.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            // Any non-ASCII byte: lowercasing may change the length, so the set decides.
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard bytes.count < asciiByLength.count else { return false }
            return asciiByLength[bytes.count].contains { denied in
                zip(denied, bytes).allSatisfy { $0 == Self.fold($1) }
            }
        }
        if let ascii = ascii ?? nil { return ascii }
        return normalized.contains(Self.normalize(key))
    }

    /// An ASCII byte lowercased, `-` read as `_`.
    private static func fold(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte | 0x20
        case UInt8(ascii: "-"): UInt8(ascii: "_")
        default: byte
        }
    }

    /// A key lowercased, `-` replaced by `_`.
    static func normalize(_ key: String) -> String {
        String(key.lowercased().map { $0 == "-" ? "_" : $0 })
    }
}
