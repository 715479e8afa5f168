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
public struct SentryMiddleware: AsyncMiddleware {
    let instrumentation: HTTPServerInstrumentation

    /// Creates the middleware. Errors answered with a status in `failedRequestStatusCodes`
    /// (default 500–599) are captured.
    public init(failedRequestStatusCodes: [ClosedRange<Int>] = [500...599]) {
        instrumentation = HTTPServerInstrumentation(framework: "vapor", failedStatusCodes: failedRequestStatusCodes)
    }

    /// Handles one request.
    public func respond(to request: Vapor.Request, chainingTo next: any AsyncResponder) async throws -> Vapor.Response {
        let length = request.headers.first(name: .contentLength).flatMap(Int.init)
        guard let collects = HTTPServerInstrumentation.collects(bodyLength: length) else {
            return try await next.respond(to: request)
        }
        var body: [UInt8]?
        if collects.body, let length {
            // Small and announced: collected once here; the handler reads the collected body.
            if let buffer = try? await request.body.collect(max: length).get() {
                body = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes)
            }
        }
        let described = HTTPServerRequest(
            method: request.method.rawValue, scheme: request.url.scheme ?? "http",
            host: request.headers.first(name: .host) ?? request.url.host, path: request.url.path,
            query: request.url.query, headers: request.headers.map { (name: $0.name, value: $0.value) },
            remoteAddress: collects.personalData ? request.peerAddress?.ipAddress : nil)
        return try await instrumentation.handle(
            described, body: body,
            next: { try await next.respond(to: request) },
            status: { Int($0.status.code) },
            route: { request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } },
            errorStatus: { error in (error as? any AbortError).map { Int($0.status.code) } ?? 500 })
    }
}
#endif
