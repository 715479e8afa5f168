package import SentryCore

/// Keeps what a tracer or telemetry pipeline hands on, for the package's own unit tests of
/// those parts without a client.
package final class CollectingSink: EnvelopeSink, TransactionSink {
    private let storage = Locked<(envelopes: [Envelope], transactions: [Event])>(([], []))

    /// Creates an empty sink.
    package init() {}

    /// Keeps the envelope.
    package func send(_ envelope: Envelope) { storage.withLock { $0.envelopes.append(envelope) } }

    /// Keeps the transaction.
    package func capture(transaction: Event, trace: DynamicSamplingContext?) {
        storage.withLock { $0.transactions.append(transaction) }
    }

    /// The envelopes so far, in order.
    package var envelopes: [Envelope] { storage.withLock { $0.envelopes } }

    /// The transactions so far, in order.
    package var transactions: [Event] { storage.withLock { $0.transactions } }
}
