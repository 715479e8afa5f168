import SentryCore

extension InboxServer {
    /// The totals of every client report received so far, keyed `reason:category`
    /// (`"queue_overflow:error": 3`): what the SDK said it dropped, summed over envelopes.
    public func discardedTotals() -> [String: Int] {
        var totals: [String: Int] = [:]
        for item in received().flatMap(\.items) where item.header.type == .clientReport {
            for entry in (try? JSONValue.parse(item.payload))?["discarded_events"]?.arrayValue ?? [] {
                let key = "\(entry["reason"]?.stringValue ?? "?"):\(entry["category"]?.stringValue ?? "?")"
                totals[key, default: 0] += Int(entry["quantity"]?.intValue ?? 0)
            }
        }
        return totals
    }
}
