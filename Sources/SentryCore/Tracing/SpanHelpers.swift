extension SentrySDK {
    /// Runs a database query inside a `db` span following Sentry's query conventions:
    /// `db.system`, `db.query.text` (send parameterized text, never values), the database and
    /// server. Parameters are recorded only when `sendDefaultPii` is on.
    @discardableResult
    @inlinable
    public static func withQuerySpan<Result>(
        _ query: String, system: String, database: String? = nil, operation: String? = nil,
        serverAddress: String? = nil, parameters: @autoclosure () -> [JSONValue] = [],
        _ body: (any Span) throws -> Result
    ) rethrows -> Result {
        try withSpan(operation: "db", name: query) { span in
            describeQuery(span, query: query, system: system, database: database, operation: operation,
                          serverAddress: serverAddress, parameters: parameters())
            return try body(span)
        }
    }

    /// Runs an async database query inside a `db` span (see the synchronous variant).
    @discardableResult
    @inlinable
    public static func withQuerySpan<Result>(
        _ query: String, system: String, database: String? = nil, operation: String? = nil,
        serverAddress: String? = nil, parameters: @autoclosure () -> [JSONValue] = [],
        isolation: isolated (any Actor)? = #isolation, _ body: (any Span) async throws -> Result
    ) async rethrows -> Result {
        try await withSpan(operation: "db", name: query, isolation: isolation) { span in
            describeQuery(span, query: query, system: system, database: database, operation: operation,
                          serverAddress: serverAddress, parameters: parameters())
            return try await body(span)
        }
    }

    @usableFromInline
    static func describeQuery(
        _ span: any Span, query: String, system: String, database: String?, operation: String?,
        serverAddress: String?, parameters: [JSONValue]
    ) {
        guard span.isSampled else { return }
        span.setData(.string(system), forKey: "db.system")
        span.setData(.string(query), forKey: "db.query.text")
        if let database { span.setData(.string(database), forKey: "db.name") }
        if let operation { span.setData(.string(operation), forKey: "db.operation.name") }
        if let serverAddress { span.setData(.string(serverAddress), forKey: "server.address") }
        if !parameters.isEmpty, hub?.options.sendDefaultPii == true {
            span.setData(.array(parameters), forKey: "db.query.parameters")
        }
    }

    /// Runs an outgoing HTTP request inside an `http.client` span. `body` receives the span and
    /// the trace headers to add to the request, and returns the response status code.
    @discardableResult
    @inlinable
    public static func withHTTPClientSpan(
        method: String, url: String, _ body: (any Span, [String: String]) throws -> Int
    ) rethrows -> Int {
        try withSpan(operation: "http.client", name: "\(method) \(HTTPSpanURL.withoutQuery(url))") { span in
            HTTPSpanURL.describe(span, method: method, url: url)
            let status = try body(span, traceHeaders(for: url))
            span.setData(.int(Int64(status)), forKey: "http.response.status_code")
            span.setStatus(SpanStatus(httpStatusCode: status))
            return status
        }
    }

    /// Runs an async outgoing HTTP request inside an `http.client` span (see the synchronous variant).
    @discardableResult
    @inlinable
    public static func withHTTPClientSpan(
        method: String, url: String, isolation: isolated (any Actor)? = #isolation,
        _ body: (any Span, [String: String]) async throws -> Int
    ) async rethrows -> Int {
        try await withSpan(operation: "http.client", name: "\(method) \(HTTPSpanURL.withoutQuery(url))", isolation: isolation) { span in
            HTTPSpanURL.describe(span, method: method, url: url)
            let status = try await body(span, traceHeaders(for: url))
            span.setData(.int(Int64(status)), forKey: "http.response.status_code")
            span.setStatus(SpanStatus(httpStatusCode: status))
            return status
        }
    }
}

/// URL handling for HTTP spans: the description carries no query or fragment.
@usableFromInline package enum HTTPSpanURL {
    /// `url` without `?query` and `#fragment`.
    @usableFromInline package static func withoutQuery(_ url: String) -> String {
        String(url.prefix { $0 != "?" && $0 != "#" })
    }

    /// Sets `http.request.method`, `url.full` (without query), `url.query` and `url.fragment`.
    @usableFromInline package static func describe(_ span: any Span, method: String, url: String) {
        guard span.isSampled else { return }
        span.setData(.string(method), forKey: "http.request.method")
        span.setData(.string(withoutQuery(url)), forKey: "url.full")
        if let question = url.firstIndex(of: "?") {
            let query = url[url.index(after: question)...].prefix { $0 != "#" }
            if !query.isEmpty { span.setData(.string(String(query)), forKey: "url.query") }
        }
        if let hash = url.firstIndex(of: "#") {
            span.setData(.string(String(url[url.index(after: hash)...])), forKey: "url.fragment")
        }
    }
}
