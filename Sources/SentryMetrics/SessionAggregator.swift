package import SentryCore

/// Request-mode session counts, bucketed by the minute each session started; sent every
/// `interval` seconds (60 by default) as `sessions` items of at most 100 buckets.
package struct SessionAggregator: Sendable {
    /// Seconds between sends.
    package let interval: Double
    private var buckets: [Double: SessionAggregates.Bucket] = [:]
    private var lastSent: Double

    /// An empty aggregator; the first send is due `interval` seconds after `now`.
    package init(interval: Double = 60, now: Double) {
        self.interval = interval
        lastSent = now
    }

    /// Whether nothing is counted.
    package var isEmpty: Bool { buckets.isEmpty }

    /// When the next send is due.
    package var deadline: Double { lastSent + interval }

    /// Counts a finished session.
    package mutating func add(_ outcome: RequestSession.Outcome, started: SentryTimestamp) {
        let minute = started.minuteFloor
        // Counted in place: one lookup of the minute's bucket.
        buckets[minute.secondsSince1970, default: SessionAggregates.Bucket(started: minute)].count(outcome)
    }

    /// The aggregates to send when due at `now` (or `force`d), oldest minute first, 100 per item.
    package mutating func takeDue(now: Double, force: Bool = false, attributes: Session.Attributes) -> [SessionAggregates] {
        guard force || now >= deadline else { return [] }
        lastSent = now
        guard !buckets.isEmpty else { return [] }
        let sorted = buckets.values.sorted { $0.started < $1.started }
        buckets.removeAll()
        return stride(from: 0, to: sorted.count, by: 100).map {
            SessionAggregates(aggregates: Array(sorted[$0..<min($0 + 100, sorted.count)]), attributes: attributes)
        }
    }
}

extension SessionAggregates.Bucket {
    /// Counts one session that ended with `outcome`.
    fileprivate mutating func count(_ outcome: RequestSession.Outcome) {
        switch outcome {
        case .exited: exited += 1
        case .errored: errored += 1
        case .crashed: crashed += 1
        case .abnormal: abnormal += 1
        }
    }
}
