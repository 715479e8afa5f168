package import SentryCore

/// Replaces the values of sensitive keys with `[Filtered]` wherever personal data or secrets
/// tend to appear: request headers, cookies, the URL and query string, env, tags, `extra`,
/// contexts, user data, breadcrumb and span data (nested objects and arrays included), and log
/// and metric attributes. Keys match case-insensitively, with `-` and `_` treated alike. While
/// `sendDefaultPii` is off, cookies, client IP headers, the user's IP and request bodies never
/// leave at all.
package struct EventScrubber: Sendable {
    /// The replacement value.
    package static let filtered = "[Filtered]"

    /// The Python SDK's default deny list.
    package static let defaultDenylist = [
        "password", "passwd", "secret", "api_key", "apikey", "auth", "credentials", "mysql_pwd", "privatekey",
        "private_key", "token", "session", "csrftoken", "sessionid", "x_csrftoken", "x_forwarded_for", "set_cookie",
        "cookie", "authorization", "proxy-authorization", "x_api_key", "aiohttp_session", "connect.sid",
        "csrf_token", "csrf", "_csrf", "_csrf_token", "PHPSESSID", "_session", "symfony", "user_session", "_xsrf",
        "XSRF-TOKEN",
    ]

    /// Keys also filtered while `sendDefaultPii` is off.
    package static let piiDenylist = [
        "x_forwarded_for", "x_real_ip", "ip_address", "remote_addr", "forwarded", "true_client_ip", "cf_connecting_ip",
        "x_client_ip", "x_cluster_client_ip", "fastly_client_ip", "client_ip",
    ]

    /// How deep nested objects and arrays are scrubbed; deeper values are replaced whole.
    static let maxDepth = 16

    private let denied: DeniedKeys
    private let sendDefaultPii: Bool

    /// A scrubber with the default lists (plus `extraKeys`).
    package init(sendDefaultPii: Bool, extraKeys: [String] = []) {
        self.sendDefaultPii = sendDefaultPii
        let keys = Self.defaultDenylist + extraKeys + (sendDefaultPii ? [] : Self.piiDenylist)
        denied = DeniedKeys(keys)
    }

    /// Whether `key` is sensitive.
    package func isDenied(_ key: String) -> Bool { denied.contains(key) }

    /// Scrubs an event in place.
    package func scrub(_ event: inout Event) {
        if var request = event.request {
            request.headers = scrub(request.headers)
            request.env = scrub(request.env)
            if sendDefaultPii {
                request.cookies = scrub(request.cookies)
                if let data = request.data { request.data = scrub(data) }
            } else {
                request.cookies = [:]  // no cookies, client address or body without PII
                request.env["REMOTE_ADDR"] = nil
                request.data = nil
            }
            request.url = request.url.map(scrub(url:))
            request.queryString = request.queryString.map(scrub(queryString:))
            event.request = request
        }
        redact(&event.tags, with: Self.filtered)
        scrub(&event.extra)
        event.contexts.other = event.contexts.other.mapValues { scrub($0) }
        if var user = event.user {
            scrub(&user.data)
            if !sendDefaultPii, user.ipAddress != nil, isDenied("ip_address") { user.ipAddress = nil }
            event.user = user
        }
        // Only breadcrumbs and spans whose data holds a denied key (at any depth) are written.
        for index in event.breadcrumbs.indices where needsScrubbing(event.breadcrumbs[index].data) {
            scrub(&event.breadcrumbs[index].data)
        }
        for index in event.spans.indices where needsScrubbing(event.spans[index].spanData) {
            event.spans[index].spanData.mapValues { key, value in
                isDenied(key) ? .string(Self.filtered) : scrub(value, depth: 1)
            }
        }
    }

    /// Filters log or metric attributes with denied keys (nothing is copied when none is).
    package func scrub(_ attributes: inout [String: Attribute]) {
        guard attributes.keys.contains(where: isDenied) else { return }
        for key in attributes.keys.filter(isDenied) { attributes[key] = Attribute(.string(Self.filtered)) }
    }

    /// A dictionary with denied keys' values filtered.
    package func scrub(_ values: [String: String]) -> [String: String] {
        var values = values
        redact(&values, with: Self.filtered)
        return values
    }

    /// Replaces the values of denied keys in place; writes nothing when no key is denied.
    func redact<Value>(_ values: inout [String: Value], with replacement: Value) {
        for key in values.keys.filter(isDenied) { values[key] = replacement }
    }

    /// A JSON value whose object members with denied keys are filtered, at every depth (arrays
    /// included) up to ``maxDepth``; what lies deeper is filtered whole.
    package func scrub(_ value: JSONValue, depth: Int = 0) -> JSONValue {
        switch value {
        case .object where depth >= Self.maxDepth, .array where depth >= Self.maxDepth: return .string(Self.filtered)
        case .object(var members):
            scrub(&members, depth: depth)
            return .object(members)
        case .array(let elements): return .array(elements.map { scrub($0, depth: depth + 1) })
        default: return value
        }
    }

    /// Scrubs a JSON object's members in place, at every depth.
    func scrub(_ members: inout [String: JSONValue], depth: Int = 0) {
        guard needsScrubbing(members, depth: depth) else { return }
        for (key, value) in members {
            members[key] = isDenied(key) ? .string(Self.filtered) : scrub(value, depth: depth + 1)
        }
    }

    /// Whether an object holds a denied key at any depth (or nests deeper than ``maxDepth``).
    func needsScrubbing(_ members: [String: JSONValue], depth: Int = 0) -> Bool {
        members.contains { key, value in isDenied(key) || needsScrubbing(value, depth: depth + 1) }
    }

    /// Whether span data holds a denied key at any depth.
    func needsScrubbing(_ data: SpanData) -> Bool {
        // Read in place: iterating the pairs copied each key and value (a retain and a release
        // of each, for every attribute of every span of a transaction).
        data.pairs.withUnsafeBufferPointer { pairs in
            for index in pairs.indices {
                if isDenied(pairs[index].key) { return true }
                switch pairs[index].value {
                case .object, .array: if needsScrubbing(pairs[index].value, depth: 1) { return true }
                default: continue  // a scalar (nearly every value): nothing to look into
                }
            }
            return false
        }
    }

    private func needsScrubbing(_ value: JSONValue, depth: Int) -> Bool {
        switch value {
        case .object where depth >= Self.maxDepth, .array where depth >= Self.maxDepth: true
        case .object(let members): needsScrubbing(members, depth: depth)
        case .array(let elements): elements.contains { needsScrubbing($0, depth: depth + 1) }
        default: false
        }
    }

    /// A URL without credentials (`https://user:pass@host` → `https://[Filtered]@host`) and with
    /// its query string scrubbed.
    package func scrub(url: String) -> String {
        var url = url
        let schemeEnd = url.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" }
        if let schemeEnd, schemeEnd > url.startIndex, url[url.index(before: schemeEnd)] == ":", url[schemeEnd...].hasPrefix("//") {
            let authorityStart = url.index(schemeEnd, offsetBy: 2)
            let authorityEnd = url[authorityStart...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
            if let at = url[authorityStart..<authorityEnd].lastIndex(of: "@") {
                url.replaceSubrange(authorityStart..<at, with: Self.filtered)
            }
        }
        guard let question = url.firstIndex(of: "?") else { return url }
        let fragment = url[question...].firstIndex(of: "#") ?? url.endIndex
        let query = scrub(queryString: String(url[url.index(after: question)..<fragment]))
        return String(url[...question]) + query + String(url[fragment...])
    }

    /// A query string whose denied parameters' values are filtered: `token=[Filtered]&page=2`.
    package func scrub(queryString: String) -> String {
        queryString.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, isDenied(PercentEncoding.decode(String(parts[0]))) else { return String(pair) }
            return "\(parts[0])=\(Self.filtered)"
        }.joined(separator: "&")
    }
}
