public import SentryCore

/// Hands every envelope to several transports, as the SDK does with Sentry and a Spotlight
/// sidecar: `send` fans out, `flush` and `close` reach all of them within one deadline and say
/// whether all delivered. It is healthy while every transport that reports its health is.
public struct MultiplexTransport: TransportHealth {
    /// The transports, in the order they receive each envelope.
    public let transports: [any Transport]

    /// Combines `transports`; the first is the primary one (Sentry), the rest are copies.
    public init(_ transports: [any Transport]) { self.transports = transports }

    /// Gives the envelope to each transport (none of them blocks).
    public func send(_ envelope: Envelope) {
        for transport in transports { transport.send(envelope) }
    }

    /// Flushes each transport with what remains of `timeout`; `true` when all delivered.
    public func flush(timeout: Duration) -> Bool {
        forEach(within: timeout) { $0.flush(timeout: $1) }
    }

    /// Closes each transport with what remains of `timeout`; `true` when all delivered.
    public func close(timeout: Duration) -> Bool {
        forEach(within: timeout) { $0.close(timeout: $1) }
    }

    /// `false` while any of the transports reports itself unhealthy (those that do not report count as healthy).
    public var isHealthy: Bool {
        transports.allSatisfy { ($0 as? any TransportHealth)?.isHealthy ?? true }
    }

    private func forEach(within timeout: Duration, _ body: (any Transport, Duration) -> Bool) -> Bool {
        let deadline = MonotonicClock.now() + timeout.seconds
        var allDelivered = true
        for transport in transports {
            let remaining = max(deadline - MonotonicClock.now(), 0)
            allDelivered = body(transport, .milliseconds(Int64(remaining * 1000))) && allDelivered
        }
        return allDelivered
    }
}
