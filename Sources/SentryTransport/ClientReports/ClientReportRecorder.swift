public import SentryCore

/// Counts every discarded item by (reason, category) across the SDK; the transport sends the
/// totals as a `client_report`. Thread-safe; reading resets. Totals saturate at `Int.max`
/// instead of overflowing, whatever a restored report claims.
public final class ClientReportRecorder: DiscardRecorder {
    private struct Key: Hashable {
        var reason: DiscardReason
        var category: DataCategory
    }

    private let counts = Locked<[Key: Int]>([:])

    /// Creates an empty recorder.
    public init() {}

    /// Adds `quantity` to the (reason, category) total.
    public func recordDiscard(_ reason: DiscardReason, category: DataCategory, quantity: Int) {
        guard quantity > 0, category != .internal else { return }
        counts.withLock { counts in
            let key = Key(reason: reason, category: category)
            let (sum, overflow) = counts[key, default: 0].addingReportingOverflow(quantity)
            counts[key] = overflow ? Int.max : sum
        }
    }

    /// Whether anything is waiting to be reported.
    public var hasPending: Bool { counts.withLock { !$0.isEmpty } }

    /// The totals so far as a report, resetting them; `nil` when nothing was dropped.
    public func takeReport(now: SentryTimestamp = .now()) -> ClientReport? {
        let taken = counts.withLock { counts in
            defer { counts.removeAll() }
            return counts
        }
        guard !taken.isEmpty else { return nil }
        let entries = taken.map { ClientReport.DiscardedEvents(reason: $0.key.reason, category: $0.key.category, quantity: $0.value) }
            .sorted { ($0.reason.rawValue, $0.category.rawValue) < ($1.reason.rawValue, $1.category.rawValue) }
        return ClientReport(timestamp: now, discardedEvents: entries)
    }

    /// Puts a report's totals back (its envelope could not be sent).
    package func restore(_ report: ClientReport) {
        for entry in report.discardedEvents {
            recordDiscard(entry.reason, category: entry.category, quantity: entry.quantity)
        }
    }

    /// Puts back the totals of a `client_report` item that could not be sent.
    package func restore(item: EnvelopeItem) {
        guard item.header.type == .clientReport, let json = try? JSONValue.parse(item.payload) else { return }
        for entry in json["discarded_events"]?.arrayValue ?? [] {
            guard let reason = entry["reason"]?.stringValue.flatMap(DiscardReason.init(rawValue:)),
                let category = entry["category"]?.stringValue.flatMap(DataCategory.init(rawValue:)),
                let quantity = entry["quantity"]?.intValue.flatMap({ Int(exactly: $0) })
            else { continue }
            recordDiscard(reason, category: category, quantity: quantity)
        }
    }

    /// Counts every item of an envelope that is being dropped, and keeps the totals of any
    /// client report riding in it for the next report (a report is never lost with its envelope).
    package func discard(_ envelope: Envelope, reason: DiscardReason) {
        for item in envelope.items {
            if item.header.type == .clientReport {
                restore(item: item)
            } else {
                recordDiscard(reason, item: item)
            }
        }
    }
}
