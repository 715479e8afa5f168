/// A span's data as its writers set it: key–value pairs in the order written, a later write of a
/// key winning. Writing costs no hashing (a span's attributes are written once and read once,
/// when its transaction is serialized off the caller's thread); duplicates drop out when read.
package struct SpanData: Sendable, Hashable, JSONEncodable {
    /// The pairs as written, duplicates included.
    package private(set) var pairs: [(key: String, value: JSONValue)] = []

    /// Past this many pairs a write first drops the duplicates, so a key set in a loop stays one pair.
    private static let compactionThreshold = 64

    /// No attributes.
    package init() {}

    /// The attributes of a dictionary.
    package init(_ dictionary: [String: JSONValue]) {
        guard !dictionary.isEmpty else { return }  // the usual span start: nothing to reserve or copy
        pairs.reserveCapacity(dictionary.count)
        for (key, value) in dictionary { pairs.append((key, value)) }
    }

    /// Whether nothing was written.
    package var isEmpty: Bool { pairs.isEmpty }

    /// Makes room for `count` more pairs.
    package mutating func reserveCapacity(_ count: Int) { pairs.reserveCapacity(pairs.count + count) }

    /// Sets `key` (a later write wins).
    package mutating func set(_ value: JSONValue, forKey key: String) {
        if pairs.count >= Self.compactionThreshold, pairs.count.nonzeroBitCount == 1 { pairs = unique }
        pairs.append((key, value))
    }

    /// Sets every pair of `other`, which wins over what is here.
    package mutating func set(_ other: SpanData) { set(other.pairs) }

    /// Sets `newPairs` in order (a later pair wins).
    package mutating func set(_ newPairs: [(key: String, value: JSONValue)]) {
        if pairs.isEmpty { pairs = newPairs; return }
        // As single writes do: compacts when the count reaches a new power of two past the
        // threshold (here at most once), then appends the lot; a later pair still wins when read.
        let total = pairs.count + newPairs.count
        if total >= Self.compactionThreshold, total.leadingZeroBitCount != pairs.count.leadingZeroBitCount { pairs = unique }
        pairs.append(contentsOf: newPairs)
    }

    /// Adds the pairs of `defaults` whose keys are not set here (they lose to what is here).
    package mutating func addDefaults(_ defaults: [String: JSONValue]) {
        guard !defaults.isEmpty else { return }
        var merged = SpanData(defaults)
        merged.pairs += pairs
        self = merged
    }

    /// The value last written for `key`.
    package subscript(key: String) -> JSONValue? { pairs.last { $0.key == key }?.value }

    /// The attributes as a dictionary.
    package var dictionary: [String: JSONValue] {
        Dictionary(pairs.lazy.map { ($0.key, $0.value) }, uniquingKeysWith: { _, later in later })
    }

    /// Each key once with its last value, in the order keys were first written.
    package var unique: [(key: String, value: JSONValue)] {
        guard pairs.count > 1 else { return pairs }
        var result: [(key: String, value: JSONValue)] = []
        result.reserveCapacity(pairs.count)
        if pairs.count <= 32 {
            // Few pairs (the usual span): comparing keys costs less than hashing them.
            for (index, pair) in pairs.enumerated() where !result.contains(where: { $0.key == pair.key }) {
                result.append(pairs[index...].last { $0.key == pair.key } ?? pair)
            }
        } else {
            let last = dictionary
            var seen = Set<String>(minimumCapacity: last.count)
            for pair in pairs where seen.insert(pair.key).inserted { result.append((pair.key, last[pair.key] ?? pair.value)) }
        }
        return result
    }

    /// Replaces every value with `transform(key, value)`.
    package mutating func mapValues(_ transform: (String, JSONValue) -> JSONValue) {
        for index in pairs.indices { pairs[index].value = transform(pairs[index].key, pairs[index].value) }
    }

    /// Equal when the dictionaries are.
    package static func == (lhs: SpanData, rhs: SpanData) -> Bool { lhs.dictionary == rhs.dictionary }

    /// Hashes the dictionary.
    package func hash(into hasher: inout Hasher) { hasher.combine(dictionary) }

    /// Writes the object, each key once.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            for (key, value) in unique { w.key(string: key); value.encode(to: &w) }
        }
    }
}
