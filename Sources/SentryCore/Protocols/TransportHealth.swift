/// A transport that can say whether it keeps up with what the SDK hands it.
///
/// With ``Options/enableBackpressureHandling`` on, the SDK asks every few seconds (from one of its
/// own background threads) and, while the answer is `false`, samples fewer transactions until the
/// transport recovers. A transport that does not adopt this protocol is taken as always healthy.
public protocol TransportHealth: Transport {
    /// `false` while the transport cannot keep up: its queue is full, or the server rate-limits it.
    /// Must be cheap and must not block on the network.
    var isHealthy: Bool { get }
}
