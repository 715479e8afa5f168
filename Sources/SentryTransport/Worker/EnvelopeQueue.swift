import SentryCore

/// A fixed-size ring of envelopes: O(1) to add and to take, no shifting while the lock is held.
struct EnvelopeQueue {
    private var slots: [Envelope?]
    private var head = 0
    /// How many envelopes wait.
    private(set) var count = 0

    /// A ring with room for `capacity` envelopes.
    init(capacity: Int) {
        slots = Array(repeating: nil, count: max(1, capacity))
    }

    var isEmpty: Bool { count == 0 }

    /// The oldest envelope, left in place.
    var first: Envelope? { count > 0 ? slots[head] : nil }

    /// Adds at the end; `false` when the ring is full.
    mutating func append(_ envelope: Envelope) -> Bool {
        guard count < slots.count else { return false }
        slots[(head + count) % slots.count] = envelope
        count += 1
        return true
    }

    /// Takes the oldest envelope.
    mutating func popFirst() -> Envelope? {
        guard count > 0 else { return nil }
        defer {
            slots[head] = nil
            head = (head + 1) % slots.count
            count -= 1
        }
        return slots[head]
    }

    /// Takes everything, oldest first.
    mutating func removeAll() -> [Envelope] {
        var all: [Envelope] = []
        all.reserveCapacity(count)
        while let envelope = popFirst() { all.append(envelope) }
        return all
    }
}
