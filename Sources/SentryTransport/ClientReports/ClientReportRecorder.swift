public import SentryCore

/// Counts every discarded item by (reason, category) across the SDK; the transport sends the
/// totals as a `client_report`. Thread-safe; reading resets. Totals saturate at `Int.max`
/// instead of overflowing, whatever a restored report claims.
public final class ClientReportRecorder: DiscardRecorder {
    /// One total per (reason, category), at `slot(reason, category)`: counting hashes nothing
    /// (an unsampled transaction counts two discards on the request's path).
    private let counts = Locked(ClientReportRecorder.zeros)
    private static let zeros = [Int](repeating: 0, count: reasons.count * categories.count)

    private static let reasons = DiscardReason.allCases
    private static let categories = DataCategory.allCases

    /// A payload-free enum is stored as its case's declaration index (Swift's ABI), which is its
    /// index in `allCases`.
    private static func slot(_ reason: DiscardReason, _ category: DataCategory) -> Int {
        let reasonIndex = Int(withUnsafeBytes(of: reason) { $0[0] })
        let categoryIndex = Int(withUnsafeBytes(of: category) { $0[0] })
        return reasonIndex * categories.count + categoryIndex
    }

    /// Creates an empty recorder.
    public init() {}

    /// Adds `quantity` to the (reason, category) total.
    public func recordDiscard(_ reason: DiscardReason, category: DataCategory, quantity: Int) {
        guard quantity > 0, category != .internal else { return }
        let slot = Self.slot(reason, category)
        counts.withLock { totals in
            let (sum, overflow) = totals[slot].addingReportingOverflow(quantity)
            totals[slot] = overflow ? Int.max : sum
        }
    }

    /// Whether anything is waiting to be reported.
    public var hasPending: Bool { counts.withLock { $0.contains { $0 > 0 } } }

    /// The totals so far as a report, resetting them; `nil` when nothing was dropped.
    public func takeReport(now: SentryTimestamp = .now()) -> ClientReport? {
        let taken = counts.withLock { totals in
            defer { totals = Self.zeros }
            return totals
        }
        guard taken.contains(where: { $0 > 0 }) else { return nil }
        var entries: [ClientReport.DiscardedEvents] = []
        for (reason, row) in zip(Self.reasons, stride(from: 0, to: taken.count, by: Self.categories.count)) {
            for (category, quantity) in zip(Self.categories, taken[row..<row + Self.categories.count]) where quantity > 0 {
                entries.append(ClientReport.DiscardedEvents(reason: reason, category: category, quantity: quantity))
            }
        }
        entries.sort { ($0.reason.rawValue, $0.category.rawValue) < ($1.reason.rawValue, $1.category.rawValue) }
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
