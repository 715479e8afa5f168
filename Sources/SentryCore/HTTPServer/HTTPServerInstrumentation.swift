/// What the Hummingbird and Vapor middlewares do around each request, written once: a request
/// session in its own isolation scope, the incoming trace continued, an `http.server`
/// transaction named by the route, the request on every event, and the handler's errors
/// captured as unhandled once when their status is in `failedStatusCodes`.
package struct HTTPServerInstrumentation: Sendable {
    /// `auto.http.<framework>`.
    package let origin: String
    /// The mechanism of captured handler errors, e.g. `hummingbird`.
    package let mechanism: String
    /// The response status codes whose errors are captured.
    package let failedStatusCodes: [ClosedRange<Int>]

    /// Describes one framework's instrumentation.
    package init(framework: String, failedStatusCodes: [ClosedRange<Int>]) {
        origin = "auto.http.\(framework)"
        mechanism = framework
        self.failedStatusCodes = failedStatusCodes
    }

    /// Whether an error answered with `status` is captured.
    package func captures(status: Int) -> Bool { failedStatusCodes.contains { $0.contains(status) } }

    /// What the middleware collects for a request with a body of `length` bytes: personal data
    /// (the client's address) with `sendDefaultPii`, and the body itself only within
    /// `maxRequestBodySize` too; `nil` when no SDK is started.
    package static func collects(bodyLength length: Int?) -> (personalData: Bool, body: Bool)? {
        SentrySDK.withOptions { options in
            guard options.sendDefaultPii else { return (false, false) }
            guard let length, length > 0 else { return (true, false) }
            return (true, options.maxRequestBodySize.allows(byteCount: length))
        }
    }

    /// Runs `next` as one request. `body` is the request body when the framework collected it;
    /// `status` reads a response's status code, `route` the matched route template (read after
    /// `next`), `errorStatus` the status the framework answers a thrown error with.
    package func handle<Response>(
        _ request: HTTPServerRequest, body: [UInt8]? = nil,
        isolation: isolated (any Actor)? = #isolation,
        next: () async throws -> Response, status: (Response) -> Int, route: () -> String?,
        errorStatus: (any Error) -> Int
    ) async throws -> Response {
        // Three settings read in place, not a copy of the options kept per request.
        guard let (pii, bodySize, samplerReadsData) = SentrySDK.withOptions({
            ($0.sendDefaultPii, $0.maxRequestBodySize, $0.tracesSampler != nil)
        }) else { return try await next() }
        let outcome: Result<Response, any Error> = await SentrySDK.withRequestSession(isolation: isolation) { scope in
            SentrySDK.continueTrace(headers: request.traceHeaders)
            scope.configure {
                $0.addEventProcessor(RequestEventProcessor(request: request, body: body, sendDefaultPii: pii, maxRequestBodySize: bodySize))
                $0.transactionName = request.path
            }
            var start = SpanStart(operation: "http.server", name: request.path, origin: origin, source: .url, startsTransaction: true)
            // The request's attributes are built for a sampler that reads them, else only once sampled.
            if samplerReadsData { start.spanData = request.samplingData(sendDefaultPii: pii) }
            let transaction = SentrySDK.startSpan(start)
            if !samplerReadsData, transaction.isSampled { transaction.setData(request.samplingData(sendDefaultPii: pii).pairs) }
            let result: Result<Response, any Error>
            let code: Int
            do {
                let response = try await Scopes.withActiveSpan(transaction, isolation: isolation) { try await next() }
                code = status(response)
                result = .success(response)
            } catch {
                code = errorStatus(error)
                result = .failure(error)
            }
            if let route = route(), !route.isEmpty {
                transaction.setDescription(route)
                transaction.setSource(.route)
                transaction.setData(.string(route), forKey: "http.route")
                scope.configure { $0.transactionName = route }
            }
            if case .failure(let error) = result, captures(status: code) {
                Scopes.withActiveSpan(transaction) { captureUnhandled(error) }
            }
            if code >= 500 { scope.snapshot.requestSession?.markErrored() }
            transaction.setData(.int(Int64(code)), forKey: "http.response.status_code")
            transaction.setStatus(SpanStatus(httpStatusCode: code))
            transaction.finish()
            return result
        }
        return try outcome.get()
    }

    private func captureUnhandled(_ error: any Error) {
        let mechanism = mechanism
        SentrySDK.capture(error: error) { scope in
            scope.addEventProcessor(
                ClosureEventProcessor { event, _ in
                    var event = event
                    if let last = event.exceptions.indices.last {
                        var described = event.exceptions[last].mechanism ?? Mechanism(type: mechanism)
                        described.type = mechanism
                        described.handled = false
                        event.exceptions[last].mechanism = described
                    }
                    return event
                })
        }
    }
}

/// Puts the request on every event and transaction captured while it is handled (unless the
/// event already describes one). The event's request is built only when an event is sent, so an
/// unsampled request with no error never pays for it.
struct RequestEventProcessor: EventProcessor {
    let request: HTTPServerRequest
    let body: [UInt8]?
    let sendDefaultPii: Bool
    let maxRequestBodySize: RequestBodySize

    func process(_ event: Event, hint: CaptureHint) -> Event? {
        guard event.request == nil else { return event }
        var event = event
        event.request = request.eventRequest(sendDefaultPii: sendDefaultPii, maxRequestBodySize: maxRequestBodySize, body: body)
        return event
    }
}
