public import SentryCore

/// A transport that keeps every envelope in memory, for tests. Thread-safe.
public final class InMemoryTransport: Transport {
    private let storage = Locked<[Envelope]>([])

    /// Creates an empty transport.
    public init() {}

    /// Keeps the envelope.
    public func send(_ envelope: Envelope) {
        storage.withLock { $0.append(envelope) }
    }

    /// Everything sent so far, in order.
    public var envelopes: [Envelope] { storage.withLock { $0 } }

    /// Every item of every envelope, in order.
    public var items: [EnvelopeItem] { envelopes.flatMap(\.items) }

    /// Forgets everything sent so far and returns it.
    @discardableResult
    public func drain() -> [Envelope] {
        storage.withLock { envelopes in
            defer { envelopes.removeAll() }
            return envelopes
        }
    }
}
