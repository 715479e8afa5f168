#if AsyncHTTPClient
public import AsyncHTTPClient
public import Logging
public import NIOCore
internal import NIOHTTP1
package import SentryCore

extension HTTPClient {
    /// Executes `request` as `execute(_:timeout:logger:)` does, instrumented for Sentry: an
    /// `http.client` child span of the active span (none when no span is active), the trace
    /// headers added when `tracePropagationTargets` match the URL, a breadcrumb with method, URL
    /// and status, and, for a status in `captureFailedRequests` (default none), an error event.
    public func sentryExecute(
        _ request: HTTPClientRequest, timeout: TimeAmount, logger: Logger? = nil,
        captureFailedRequests: [ClosedRange<Int>] = []
    ) async throws -> HTTPClientResponse {
        guard SentrySDK.isEnabled else { return try await execute(request, timeout: timeout, logger: logger) }
        let method = request.method.rawValue
        let url = request.url
        let span: (any Span)? = SentrySDK.activeSpan.map { _ in
            SentrySDK.startSpan(
                SpanStart(
                    operation: "http.client", name: "\(method) \(HTTPSpanURL.withoutQuery(url))",
                    origin: "auto.http.async_http_client"))
        }
        var request = request
        let propagate = { (headers: [String: String]) in
            for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        }
        if let span {
            HTTPSpanURL.describe(span, method: method, url: url)
            Scopes.withActiveSpan(span) { propagate(SentrySDK.traceHeaders(for: url)) }
        } else {
            propagate(SentrySDK.traceHeaders(for: url))
        }
        do {
            let response = try await execute(request, timeout: timeout, logger: logger)
            let status = Int(response.status.code)
            span?.setData(.int(Int64(status)), forKey: "http.response.status_code")
            span?.setStatus(SpanStatus(httpStatusCode: status))
            span?.finish()
            SentrySDK.addBreadcrumb(
                Breadcrumb(
                    category: "http", level: status >= 500 ? .error : status >= 400 ? .warning : .info, type: "http",
                    data: ["method": .string(method), "url": .string(HTTPSpanURL.withoutQuery(url)), "status_code": .int(Int64(status))]))
            if captureFailedRequests.contains(where: { $0.contains(status) }) {
                captureFailed(method: method, url: url, status: status, span: span)
            }
            return response
        } catch {
            span?.setStatus(.internalError)
            span?.finish()
            SentrySDK.addBreadcrumb(
                Breadcrumb(
                    message: String(describing: error), category: "http", level: .error, type: "http",
                    data: ["method": .string(method), "url": .string(HTTPSpanURL.withoutQuery(url))]))
            throw error
        }
    }

    private func captureFailed(method: String, url: String, status: Int, span: (any Span)?) {
        var event = Event(
            level: .error,
            exceptions: [
                SentryException(
                    type: "HTTPClientError", value: "HTTP Client Error with status code: \(status)",
                    mechanism: Mechanism(type: "async_http_client", handled: true))
            ])
        event.request = SentryCore.Request(method: method, url: HTTPSpanURL.withoutQuery(url))
        event.contexts.other["response"] = .object(["status_code": .int(Int64(status))])
        event.fingerprint = ["{{ default }}", method, "\(status)"]
        let capture = { SentrySDK.capture(event: event) }
        if let span { Scopes.withActiveSpan(span) { _ = capture() } } else { _ = capture() }
    }
}
#endif
