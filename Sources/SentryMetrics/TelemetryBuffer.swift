import SentryCore

/// A bounded batch of records: ready to send at `batchSize` records or `interval` seconds after
/// the oldest arrived; beyond `capacity` new records are refused (the caller counts them).
/// Times are passed in, so tests drive it with a clock of their own.
package struct TelemetryBuffer<Record: Sendable>: Sendable {
    /// Records per envelope.
    package let batchSize: Int
    /// The most records held.
    package let capacity: Int
    /// The longest a record waits, in seconds.
    package let interval: Double
    private var records: [Record] = []
    private var oldestArrival: Double?

    /// A buffer sending `batchSize` at a time, holding at most `capacity`, waiting at most `interval`.
    package init(batchSize: Int = 100, capacity: Int = 1000, interval: Double = 5) {
        self.batchSize = max(1, batchSize)
        self.capacity = max(batchSize, capacity)
        self.interval = interval
    }

    /// How many records wait.
    package var count: Int { records.count }

    /// Adds a record arriving at `now`; `false` when full (the record is refused).
    package mutating func add(_ record: Record, now: Double) -> Bool {
        guard records.count < capacity else { return false }
        if records.isEmpty { oldestArrival = now }
        records.append(record)
        return true
    }

    /// Whether a batch should go now.
    package func isDue(now: Double) -> Bool {
        records.count >= batchSize || (oldestArrival.map { now - $0 >= interval } ?? false)
    }

    /// When the oldest record's wait runs out; `nil` when empty.
    package var deadline: Double? { oldestArrival.map { $0 + interval } }

    /// Takes the batches that are due at `now` (all records when `force`), `batchSize` each.
    package mutating func takeDue(now: Double, force: Bool = false) -> [[Record]] {
        var batches: [[Record]] = []
        while !records.isEmpty, force || isDue(now: now) {
            let batch = Array(records.prefix(batchSize))
            records.removeFirst(batch.count)
            batches.append(batch)
            if records.isEmpty { oldestArrival = nil } else if !force && records.count < batchSize { oldestArrival = now }
        }
        return batches
    }
}
