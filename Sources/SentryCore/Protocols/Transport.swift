/// Delivers envelopes. `send` must return at once: a transport queues and works on its own thread.
public protocol Transport: Sendable {
    /// Hands an envelope over for delivery. Never blocks on the network.
    func send(_ envelope: Envelope)
    /// Waits until everything queued so far is delivered or `timeout` passes; `true` when drained.
    func flush(timeout: Duration) -> Bool
    /// Flushes within `timeout`, then stops; later envelopes are dropped.
    func close(timeout: Duration) -> Bool
}

extension Transport {
    /// Nothing to wait for.
    public func flush(timeout: Duration) -> Bool { true }
    /// Flushes.
    public func close(timeout: Duration) -> Bool { flush(timeout: timeout) }
}

/// A transport that drops everything (the SDK without a DSN).
public struct NoOpTransport: Transport {
    /// Creates the transport.
    public init() {}
    /// Drops the envelope.
    public func send(_ envelope: Envelope) {}
}
