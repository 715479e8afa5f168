/// The credentials a client presented: from the `X-Sentry-Auth` header, or else from `sentry_*` query items.
struct SentryAuth: Sendable, Equatable {
    /// `sentry_key`: the DSN's public key.
    var key: String?
    /// `sentry_version`: the protocol version, 7 today.
    var version: String?
    /// `sentry_client`: the SDK's name and version.
    var client: String?
    /// `sentry_secret`: the legacy secret key, if sent.
    var secret: String?

    /// Reads the credentials of `request`; `nil` when it carries none.
    ///
    /// The header looks like `Sentry sentry_key=abc, sentry_version=7, sentry_client=sentry.swift/1.0`.
    /// Malformed pairs are ignored; a header without the `Sentry` scheme counts as absent.
    init?(request: HTTPRequest) {
        var pairs: [String: String] = [:]
        if let header = request.headers["X-Sentry-Auth"] {
            let scheme = "sentry"
            let trimmed = header.trimmingASCIIWhitespace()
            guard trimmed.lowercased().hasPrefix(scheme) else { return nil }
            for part in trimmed.dropFirst(scheme.count).split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                pairs[pair[0].trimmingASCIIWhitespace().lowercased()] = pair[1].trimmingASCIIWhitespace()
            }
        } else {
            for (name, value) in request.queryItems where name.hasPrefix("sentry_") {
                pairs[name] = value
            }
        }
        guard !pairs.isEmpty else { return nil }
        key = pairs["sentry_key"]
        version = pairs["sentry_version"]
        client = pairs["sentry_client"]
        secret = pairs["sentry_secret"]
    }
}
