/// One HTTP/1.x request as read off a connection: the head, and (once read) the raw body.
struct HTTPRequest: Sendable {
    /// The method token, e.g. `POST`.
    var method: String
    /// The request target exactly as sent, e.g. `/api/1/envelope/?sentry_key=abc`.
    var target: String
    /// The protocol version, `HTTP/1.1` or `HTTP/1.0`.
    var version: String
    /// The header fields.
    var headers: HTTPHeaders
    /// The body as transferred (still content-encoded), empty until read.
    var body: [UInt8] = []

    /// The path part of the target (before `?`); for an absolute-form target (`http://host/path`, as sent
    /// through proxies) the path after the authority.
    var path: String {
        var path = Substring(target)
        if let question = path.firstIndex(of: "?") { path = path[..<question] }
        for scheme in ["http://", "https://"] where path.lowercased().hasPrefix(scheme) {
            let authorityAndPath = path.dropFirst(scheme.count)
            path = authorityAndPath.firstIndex(of: "/").map { authorityAndPath[$0...] } ?? "/"
        }
        return String(path)
    }

    /// The query parameters of the target, percent-decoded; later duplicates win.
    var queryItems: [String: String] {
        guard let question = target.firstIndex(of: "?") else { return [:] }
        var items: [String: String] = [:]
        for pair in target[target.index(after: question)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0])
            items[name] = parts.count > 1 ? PercentDecoding.decode(parts[1]) : ""
        }
        return items
    }

    /// Whether the client asked to keep the connection open after this exchange.
    var wantsKeepAlive: Bool {
        let tokens = headers.values(for: "Connection")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingASCIIWhitespace().lowercased() }
        if tokens.contains("close") { return false }
        if version == "HTTP/1.0" { return tokens.contains("keep-alive") }
        return true
    }
}
