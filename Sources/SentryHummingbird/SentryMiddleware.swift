#if Hummingbird
public import Hummingbird
internal import NIOCore
package import SentryCore

/// Instruments every request of a Hummingbird 2 application: add it first with
/// `router.add(middleware: SentryMiddleware())`.
///
/// Per request it forks an isolation scope (bound for the handler and its child tasks),
/// continues the incoming `sentry-trace`/`baggage`/`traceparent`, starts an `http.server`
/// transaction named by the route template (the URL path, source `url`, when no route matched),
/// puts the request on every event, counts a request-mode session, and captures errors the
/// handler throws (mechanism `hummingbird`, unhandled) when the framework answers them with a
/// status in `failedRequestStatusCodes`. Hummingbird still produces the response.
public struct SentryMiddleware<Context: RequestContext>: RouterMiddleware {
    let instrumentation: HTTPServerInstrumentation

    /// Creates the middleware. Errors answered with a status in `failedRequestStatusCodes`
    /// (default 500–599) are captured.
    public init(failedRequestStatusCodes: [ClosedRange<Int>] = [500...599]) {
        instrumentation = HTTPServerInstrumentation(framework: "hummingbird", failedStatusCodes: failedRequestStatusCodes)
    }

    /// Handles one request.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let length = request.headers[.contentLength].flatMap(Int.init)
        guard let collects = HTTPServerInstrumentation.collects(bodyLength: length) else {
            return try await next(request, context)
        }
        var request = request
        var body: [UInt8]?
        if collects.body, let length {
            // The body is small and announced: read it once; the handler reads the buffered copy.
            if let buffer = try? await request.collectBody(upTo: length) {
                body = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes)
            }
        }
        let described = HTTPServerRequest(
            method: request.method.rawValue, scheme: request.head.scheme, host: request.head.authority,
            path: request.uri.path, query: request.uri.query,
            headers: request.headers.map { (name: $0.name.rawName, value: $0.value) },
            // Only recorded with personal data: otherwise no cast of the context per request.
            remoteAddress: collects.personalData ? (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress : nil)
        let forwarded = request
        return try await instrumentation.handle(
            described, body: body,
            next: { try await next(forwarded, context) },
            status: { Int($0.status.code) },
            // Unmatched requests get Hummingbird's "NotFound" marker, not a path: no route then.
            route: { context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } },
            errorStatus: { error in (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500 })
    }
}
#endif
