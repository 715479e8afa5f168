#if Vapor
package import SentryCore
public import Vapor

/// Instruments every request of a Vapor 4 application: add it after Vapor's `ErrorMiddleware`
/// with `app.middleware.use(SentryMiddleware())`.
///
/// Per request it forks an isolation scope (bound for the handler and its child tasks),
/// continues the incoming `sentry-trace`/`baggage`/`traceparent`, starts an `http.server`
/// transaction named by the route template (the URL path, source `url`, when no route matched),
/// puts the request on every event, counts a request-mode session, and captures errors the
/// handler throws (mechanism `vapor`, unhandled) when they are answered with a status in
/// `failedRequestStatusCodes`. Vapor's `ErrorMiddleware` still produces the response.
///
/// It is a future-based `Middleware`, not an `AsyncMiddleware`: a synchronous route still runs
/// on the event loop with no task created for it, inside the request's scopes; an async route's
/// task, created there, inherits them.
public struct SentryMiddleware: Middleware {
    let instrumentation: HTTPServerInstrumentation

    /// Creates the middleware. Errors answered with a status in `failedRequestStatusCodes`
    /// (default 500–599) are captured.
    public init(failedRequestStatusCodes: [ClosedRange<Int>] = [500...599]) {
        instrumentation = HTTPServerInstrumentation(framework: "vapor", failedStatusCodes: failedRequestStatusCodes)
    }

    /// Handles one request.
    public func respond(to request: Vapor.Request, chainingTo next: any Responder) -> EventLoopFuture<Vapor.Response> {
        let length = request.headers.first(name: .contentLength).flatMap(Int.init)
        guard let collects = HTTPServerInstrumentation.collects(bodyLength: length) else {
            return next.respond(to: request)
        }
        guard collects.body, let length else {
            return respond(to: request, body: nil, personalData: collects.personalData, chainingTo: next)
        }
        // Small and announced: collected once here; the handler reads the collected body. A body
        // that cannot be collected is left out of the event, and the handler sees the failure.
        return request.body.collect(max: length)
            .map { $0.map { $0.getBytes(at: $0.readerIndex, length: $0.readableBytes) } }
            .recover { _ in nil }
            .flatMap { body in respond(to: request, body: body ?? nil, personalData: true, chainingTo: next) }
    }

    private func respond(
        to request: Vapor.Request, body: [UInt8]?, personalData: Bool, chainingTo next: any Responder
    ) -> EventLoopFuture<Vapor.Response> {
        // The URL is read only when an event or a sampled transaction needs it: Vapor's `URI`
        // goes through Foundation for every part (its `path` alone costs as much as a route).
        let url = { @Sendable in
            HTTPServerRequest.Target(scheme: request.url.scheme, path: request.url.path, query: request.url.query)
        }
        let described = HTTPServerRequest(
            method: request.method.rawValue, host: request.headers.first(name: .host) ?? request.url.host,
            headers: request.headers.map { (name: $0.name, value: $0.value) },
            remoteAddress: personalData ? request.peerAddress?.ipAddress : nil, target: url)
        // Vapor matches the route before its middleware runs: the transaction is named from the start.
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") }
        guard let handled = instrumentation.begin(described, body: body, route: route) else { return next.respond(to: request) }
        return handled.bound { next.respond(to: request) }.always { result in
            switch result {
            case .success(let response):
                handled.finish(status: Int(response.status.code), failure: nil, route: nil)
            case .failure(let error):
                let status = (error as? any AbortError).map { Int($0.status.code) } ?? 500
                handled.finish(status: status, failure: error, route: nil)
            }
        }
    }
}
#endif
