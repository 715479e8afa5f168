/// The Dynamic Sampling Context: the envelope `trace` header and the `sentry-*` baggage entries.
/// All values are strings on the wire.
public struct DynamicSamplingContext: Sendable, Hashable, JSONEncodable {
    /// The trace id.
    public var traceId: SentryId
    /// The DSN's public key.
    public var publicKey: String
    /// The effective sample rate, e.g. `0.25`.
    public var sampleRate: String?
    /// The random value the decision compared against, 6 decimals in [0, 1).
    public var sampleRand: String?
    /// `true`/`false`; absent when the decision is deferred.
    public var sampled: String?
    /// The release.
    public var release: String?
    /// The environment.
    public var environment: String?
    /// The transaction name (only when its source is not `url`).
    public var transaction: String?
    /// The organization id.
    public var orgId: String?

    /// Creates a DSC.
    public init(
        traceId: SentryId, publicKey: String, sampleRate: String? = nil, sampleRand: String? = nil,
        sampled: String? = nil, release: String? = nil, environment: String? = nil, transaction: String? = nil,
        orgId: String? = nil
    ) {
        self.traceId = traceId
        self.publicKey = publicKey
        self.sampleRate = sampleRate
        self.sampleRand = sampleRand
        self.sampled = sampled
        self.release = release
        self.environment = environment
        self.transaction = transaction
        self.orgId = orgId
    }

    /// Reads a DSC back from JSON (an envelope header); `nil` without trace id and public key.
    public init?(json: JSONValue?) {
        guard let traceId = json?["trace_id"]?.stringValue.flatMap({ SentryId(hex: $0) }),
            let publicKey = json?["public_key"]?.stringValue
        else { return nil }
        self.init(
            traceId: traceId, publicKey: publicKey, sampleRate: json?["sample_rate"]?.stringValue,
            sampleRand: json?["sample_rand"]?.stringValue, sampled: json?["sampled"]?.stringValue,
            release: json?["release"]?.stringValue, environment: json?["environment"]?.stringValue,
            transaction: json?["transaction"]?.stringValue, orgId: json?["org_id"]?.stringValue)
    }

    /// The entries as `(key, value)` pairs without the `sentry-` prefix, in a stable order.
    public var entries: [(key: String, value: String)] {
        let all: [(String, String?)] = [
            ("trace_id", traceId.description), ("public_key", publicKey), ("sample_rate", sampleRate),
            ("sample_rand", sampleRand), ("sampled", sampled), ("release", release), ("environment", environment),
            ("transaction", transaction), ("org_id", orgId),
        ]
        return all.compactMap { key, value in value.map { (key: key, value: $0) } }
    }

    /// Writes the DSC object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            for entry in entries { w.key(string: entry.key); entry.value.encode(to: &w) }
        }
    }
}
