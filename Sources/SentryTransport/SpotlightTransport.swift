public import SentryCore

/// A transport that only feeds a Spotlight sidecar: what the SDK uses when Spotlight is on and
/// no DSN is set.
public final class SpotlightTransport: Transport {
    private let forwarder: SpotlightForwarder

    /// Posts envelopes to `url` (default `http://localhost:8969/stream`).
    public init(url: String = Options.defaultSpotlightURL, diagnostics: Diagnostics = Diagnostics(isEnabled: false)) {
        forwarder = SpotlightForwarder(url: url, diagnostics: diagnostics)
    }

    /// Queues a copy for the sidecar.
    public func send(_ envelope: Envelope) { forwarder.forward(envelope) }

    /// Stops forwarding.
    public func close(timeout: Duration) -> Bool {
        forwarder.close()
        return true
    }
}
