/// An incoming HTTP request as a framework integration sees it, before the SDK decides what of
/// it may leave the process. The Hummingbird and Vapor middlewares fill one per request.
package struct HTTPServerRequest: Sendable {
    /// Where a request was sent: the scheme (when known), the path and the raw query string.
    package struct Target: Sendable {
        /// `http` or `https`, when known.
        package var scheme: String?
        /// The path, without the query string.
        package var path: String
        /// The raw query string (without `?`), when there is one.
        package var query: String?

        /// Describes a target; an empty query is none.
        package init(scheme: String?, path: String, query: String?) {
            self.scheme = scheme
            self.path = path
            self.query = query.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// The target itself, or how to read it when the framework's URL is costly to take apart
    /// (Vapor's goes through Foundation): then it is read only when an event or a sampled
    /// transaction needs it.
    private enum TargetSource: Sendable {
        case known(Target)
        case deferred(@Sendable () -> Target)
    }

    /// The method, e.g. `GET`.
    package var method: String
    /// The `Host` (authority) the client addressed, when known; credentials in it are dropped.
    package var host: String?
    /// The headers in arrival order (names as sent).
    package var headers: [(name: String, value: String)]
    /// The client's address, when the framework knows it.
    package var remoteAddress: String?
    private let targetSource: TargetSource

    /// Describes a request.
    package init(
        method: String, scheme: String? = nil, host: String? = nil, path: String, query: String? = nil,
        headers: [(name: String, value: String)] = [], remoteAddress: String? = nil
    ) {
        self.method = method
        self.host = host
        self.headers = headers
        self.remoteAddress = remoteAddress
        targetSource = .known(Target(scheme: scheme, path: path, query: query))
    }

    /// Describes a request whose target is read by `target` only when it is needed.
    package init(
        method: String, host: String?, headers: [(name: String, value: String)], remoteAddress: String?,
        target: @escaping @Sendable () -> Target
    ) {
        self.method = method
        self.host = host
        self.headers = headers
        self.remoteAddress = remoteAddress
        targetSource = .deferred(target)
    }

    /// Where the request was sent (read from the framework each time when deferred).
    package var target: Target {
        switch targetSource {
        case .known(let target): target
        case .deferred(let read): read()
        }
    }

    /// The path, without the query string.
    package var path: String { target.path }

    /// Headers that carry credentials or the client's identity: sent only with `sendDefaultPii`.
    static let personalHeaders: Set<String> = [
        "cookie", "set-cookie", "authorization", "proxy-authorization", "x-forwarded-for", "x-real-ip", "forwarded",
        "true-client-ip", "cf-connecting-ip", "x-client-ip", "x-cluster-client-ip", "fastly-client-ip",
    ]

    /// The headers that continue a trace.
    static let traceHeaderNames: Set<String> = ["sentry-trace", "baggage", "traceparent"]

    /// The absolute URL without query or credentials (the path alone when the host is unknown).
    package var url: String { url(of: target) }

    private func url(of target: Target) -> String {
        guard var host, !host.isEmpty else { return target.path }
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        return "\(target.scheme ?? "http")://\(host)\(target.path)"
    }

    /// The incoming `sentry-trace`, `baggage` and `traceparent` headers.
    package var traceHeaders: [String: String] {
        var found: [String: String] = [:]
        for (name, value) in headers {
            // Only names of these lengths can match: skip lowercasing (an allocation) for the rest.
            let length = name.utf8.count
            guard length == 7 || length == 11 || length == 12 else { continue }
            let lowered = name.lowercased()
            guard Self.traceHeaderNames.contains(lowered) else { continue }
            found[lowered] = found[lowered].map { "\($0),\(value)" } ?? value
        }
        return found
    }

    /// The request as it goes on events: credentials, cookies, the client address and the body
    /// only with `sendDefaultPii`, the body only within `maxRequestBodySize` (the client's
    /// scrubber then filters sensitive keys in what is left).
    package func eventRequest(sendDefaultPii pii: Bool, maxRequestBodySize: RequestBodySize, body: [UInt8]?) -> Request {
        let target = target
        var request = Request(method: method, url: url(of: target), queryString: target.query)
        for (name, value) in headers {
            let lowered = name.lowercased()
            if lowered == "cookie" {
                guard pii else { continue }
                for pair in value.split(separator: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard let key = parts.first?.trimmingSpaces, !key.isEmpty else { continue }
                    request.cookies[key] = parts.count > 1 ? parts[1].trimmingSpaces : ""
                }
                continue
            }
            if !pii, Self.personalHeaders.contains(lowered) { continue }
            request.headers[name] = request.headers[name].map { "\($0), \(value)" } ?? value
        }
        if pii, let remoteAddress { request.env["REMOTE_ADDR"] = remoteAddress }
        if pii, let body, maxRequestBodySize.allows(byteCount: body.count) {
            request.data = Self.bodyValue(body, contentType: headers.first { $0.name.lowercased() == "content-type" }?.value)
        }
        return request
    }

    /// A JSON body parsed, a form body as fields, anything else as text (or left out when binary).
    static func bodyValue(_ body: [UInt8], contentType: String?) -> JSONValue? {
        let type = contentType?.lowercased() ?? ""
        if type.contains("json"), let parsed = try? JSONValue.parse(body) { return parsed }
        guard let text = String(validating: body, as: UTF8.self) else { return nil }
        if type.contains("x-www-form-urlencoded") {
            var fields: [String: JSONValue] = [:]
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard let key = parts.first else { continue }
                fields[String(key)] = .string(parts.count > 1 ? String(parts[1]) : "")
            }
            return .object(fields)
        }
        return .string(text)
    }

    /// What `tracesSampler` sees and the transaction starts with: method, path, URL (the query
    /// only with `sendDefaultPii`).
    package func samplingData(sendDefaultPii: Bool) -> SpanData {
        let target = target
        var data = SpanData()
        data.reserveCapacity(5)
        data.set(.string(method), forKey: "http.request.method")
        data.set(.string(target.path), forKey: "url.path")
        data.set(.string(url(of: target)), forKey: "url.full")
        if let scheme = target.scheme { data.set(.string(scheme), forKey: "url.scheme") }
        if sendDefaultPii, let query = target.query { data.set(.string(query), forKey: "url.query") }
        return data
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
