/// An HTTP/1.1 response the inbox is about to send.
struct HTTPResponse: Sendable {
    /// The status code.
    var status: Int
    /// Extra header fields (framing and `Connection` are added when serializing).
    var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
    /// The body.
    var body: [UInt8] = []
    /// Whether the connection must close after this response.
    var closesConnection = false

    /// A JSON response with the body `json`.
    static func json(_ status: Int, _ json: String) -> HTTPResponse {
        HTTPResponse(status: status, body: Array(json.utf8))
    }

    /// An error response shaped like Sentry's: `{"detail":"<reason>"}`.
    static func failure(_ failure: HTTPFailure) -> HTTPResponse {
        var response = json(failure.status, "{\"detail\":\(JSONString.quote(failure.reason))}")
        response.closesConnection = failure.closesConnection
        return response
    }

    /// The bytes on the wire; `keepAlive` picks the `Connection` header.
    func serialized(keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reasonPhrase(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n"
        head += "Server: sentry-inbox\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// The standard reason phrase for `status`.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}
