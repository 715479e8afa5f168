/// Counts what the SDK drops, by reason and data category, for client reports.
/// Every component that discards data records it here; the transport sends the totals.
public protocol DiscardRecorder: Sendable {
    /// Records `quantity` units of `category` dropped for `reason`.
    func recordDiscard(_ reason: DiscardReason, category: DataCategory, quantity: Int)
}

extension DiscardRecorder {
    /// Records every category an item counts as (a transaction also counts its spans + 1).
    public func recordDiscard(_ reason: DiscardReason, item: EnvelopeItem) {
        for (category, quantity) in item.dataCategories where category != .internal {
            recordDiscard(reason, category: category, quantity: quantity)
        }
    }

    /// Records every item of an envelope.
    public func recordDiscard(_ reason: DiscardReason, envelope: Envelope) {
        for item in envelope.items { recordDiscard(reason, item: item) }
    }
}

/// A recorder that forgets everything.
public struct NoOpDiscardRecorder: DiscardRecorder {
    /// Creates the recorder.
    public init() {}
    /// Ignores the discard.
    public func recordDiscard(_ reason: DiscardReason, category: DataCategory, quantity: Int) {}
}
