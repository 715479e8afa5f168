public import SentryCore

/// Replaces the values of sensitive keys with `[Filtered]` wherever personal data or secrets
/// tend to appear: request headers, cookies, query strings, bodies and env, `extra`, contexts,
/// user data and breadcrumb data. Keys match case-insensitively, with `-` and `_` treated alike.
public struct EventScrubber: Sendable {
    /// The replacement value.
    public static let filtered = "[Filtered]"

    /// The Python SDK's default deny list.
    public static let defaultDenylist = [
        "password", "passwd", "secret", "api_key", "apikey", "auth", "credentials", "mysql_pwd", "privatekey",
        "private_key", "token", "session", "csrftoken", "sessionid", "x_csrftoken", "x_forwarded_for", "set_cookie",
        "cookie", "authorization", "proxy-authorization", "x_api_key", "aiohttp_session", "connect.sid",
        "csrf_token", "csrf", "_csrf", "_csrf_token", "PHPSESSID", "_session", "symfony", "user_session", "_xsrf",
        "XSRF-TOKEN",
    ]

    /// Keys also filtered while `sendDefaultPii` is off.
    public static let piiDenylist = ["x_forwarded_for", "x_real_ip", "ip_address", "remote_addr"]

    private let denied: Set<String>
    private let sendDefaultPii: Bool

    /// A scrubber with the default lists (plus `extraKeys`).
    public init(sendDefaultPii: Bool, extraKeys: [String] = []) {
        self.sendDefaultPii = sendDefaultPii
        let keys = Self.defaultDenylist + extraKeys + (sendDefaultPii ? [] : Self.piiDenylist)
        denied = Set(keys.map(Self.normalize))
    }

    /// Whether `key` is sensitive.
    public func isDenied(_ key: String) -> Bool { denied.contains(Self.normalize(key)) }

    /// Scrubs an event in place.
    public func scrub(_ event: inout Event) {
        if var request = event.request {
            request.headers = scrub(request.headers)
            request.env = scrub(request.env)
            if sendDefaultPii {
                request.cookies = scrub(request.cookies)
            } else {
                request.cookies = [:]  // no cookies without PII
                request.env["REMOTE_ADDR"] = nil
            }
            request.queryString = request.queryString.map(scrub(queryString:))
            if let data = request.data { request.data = scrub(data) }
            event.request = request
        }
        redact(&event.extra, with: .string(Self.filtered))
        event.contexts.other = event.contexts.other.mapValues { scrub($0) }
        if var user = event.user {
            redact(&user.data, with: .string(Self.filtered))
            if !sendDefaultPii, user.ipAddress != nil, isDenied("ip_address") { user.ipAddress = nil }
            event.user = user
        }
        // Only breadcrumbs and spans that hold a denied key are written (and so copied).
        for index in event.breadcrumbs.indices where event.breadcrumbs[index].data.keys.contains(where: isDenied) {
            redact(&event.breadcrumbs[index].data, with: .string(Self.filtered))
        }
        for index in event.spans.indices where event.spans[index].data.keys.contains(where: isDenied) {
            redact(&event.spans[index].data, with: .string(Self.filtered))
        }
    }

    /// A dictionary with denied keys' values filtered.
    public func scrub(_ values: [String: String]) -> [String: String] {
        var values = values
        redact(&values, with: Self.filtered)
        return values
    }

    /// Replaces the values of denied keys in place; writes nothing when no key is denied.
    func redact<Value>(_ values: inout [String: Value], with replacement: Value) {
        for key in values.keys.filter(isDenied) { values[key] = replacement }
    }

    /// A JSON value whose object members with denied keys are filtered (top level of each object
    /// and one level below, like the Python SDK's databags).
    public func scrub(_ value: JSONValue, depth: Int = 0) -> JSONValue {
        guard case .object(let members) = value, depth < 2 else { return value }
        var scrubbed = members.mapValues { scrub($0, depth: depth + 1) }
        redact(&scrubbed, with: .string(Self.filtered))
        return .object(scrubbed)
    }

    /// A query string whose denied parameters' values are filtered: `token=[Filtered]&page=2`.
    public func scrub(queryString: String) -> String {
        queryString.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, isDenied(PercentEncoding.decode(String(parts[0]))) else { return String(pair) }
            return "\(parts[0])=\(Self.filtered)"
        }.joined(separator: "&")
    }

    static func normalize(_ key: String) -> String {
        String(key.lowercased().map { $0 == "-" ? "_" : $0 })
    }
}
