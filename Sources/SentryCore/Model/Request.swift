/// The HTTP request being handled when an event happened.
public struct Request: Sendable, Hashable, JSONEncodable {
    /// The method, e.g. `GET`.
    public var method: String?
    /// The URL without its query string.
    public var url: String?
    /// The raw query string.
    public var queryString: String?
    /// The body, parsed (object) or raw (string); trimmed by the client.
    public var data: JSONValue?
    /// Cookies by name.
    public var cookies: [String: String]
    /// Headers by name.
    public var headers: [String: String]
    /// CGI-like environment (`REMOTE_ADDR`, `SERVER_NAME`, `SERVER_PORT`).
    public var env: [String: String]

    /// Creates a request description.
    public init(
        method: String? = nil, url: String? = nil, queryString: String? = nil, data: JSONValue? = nil,
        cookies: [String: String] = [:], headers: [String: String] = [:], env: [String: String] = [:]
    ) {
        self.method = method
        self.url = url
        self.queryString = queryString
        self.data = data
        self.cookies = cookies
        self.headers = headers
        self.env = env
    }

    /// Writes the request object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("method", method)
            w.field("url", url)
            w.field("query_string", queryString)
            w.field("data", data)
            w.nonEmpty("cookies", cookies)
            w.nonEmpty("headers", headers)
            w.nonEmpty("env", env)
        }
    }
}
