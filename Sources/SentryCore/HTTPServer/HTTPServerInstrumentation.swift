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
    ///
    /// Only this thin wrapper is generic: the work runs in `run`, compiled once, so a framework's
    /// response type costs no generic metadata lookups per request.
    package func handle<Response>(
        _ request: HTTPServerRequest, body: [UInt8]? = nil,
        isolation: isolated (any Actor)? = #isolation,
        next: () async throws -> Response, status: (Response) -> Int, route: () -> String?,
        errorStatus: (any Error) -> Int
    ) async throws -> Response {
        var response: Response?
        try await run(
            request, body: body, isolation: isolation,
            next: {
                let produced = try await next()
                response = produced
                return status(produced)
            }, route: route, errorStatus: errorStatus)
        // No response only when no SDK is started: then `run` did not call the handler.
        guard let response else { return try await next() }
        return response
    }

    /// The request's work: `next` runs the handler and returns its status code; the handler's
    /// error is rethrown. With no SDK started it returns at once without calling `next`.
    private func run(
        _ request: HTTPServerRequest, body: [UInt8]?, isolation: isolated (any Actor)?,
        next: () async throws -> Int, route: () -> String?, errorStatus: (any Error) -> Int
    ) async throws {
        guard let handled = begin(request, body: body) else { return }
        let failure: (any Error)?
        let code: Int
        do {
            code = try await handled.bound(isolation: isolation) { try await next() }
            failure = nil
        } catch {
            code = errorStatus(error)
            failure = error
        }
        handled.finish(status: code, failure: failure, route: route())
        if let failure { throw failure }
    }

    /// Starts handling `request` (its body when the framework collected it): forks the isolation
    /// and current scopes, starts a request session, continues the incoming trace, puts the
    /// request on every event and starts the `http.server` transaction. `nil` when no SDK is
    /// started. The caller runs the handler inside ``HandledRequest/bound(_:)`` and ends with
    /// ``HandledRequest/finish(status:failure:route:)``. A `route` template known before the
    /// handler runs names the transaction from the start (else the path does, until `finish`).
    package func begin(_ request: HTTPServerRequest, body: [UInt8]?, route: String? = nil) -> HandledRequest? {
        guard let hub = SentrySDK.hub else { return nil }
        // Three settings read in place, not a copy of the options kept per request.
        let (pii, bodySize, samplerReadsData) = hub.withOptions {
            ($0.sendDefaultPii, $0.maxRequestBodySize, $0.tracesSampler != nil)
        }
        return Scopes.withIsolationScope { scope in
            let session = hub.startRequestSession()
            hub.continueTrace(headers: request.traceHeaders)
            let named = route.flatMap { $0.isEmpty ? nil : $0 }
            let name = named ?? request.path
            scope.configure {
                $0.addEventProcessor(RequestEventProcessor(request: request, body: body, sendDefaultPii: pii, maxRequestBodySize: bodySize))
                $0.transactionName = name
            }
            var start = SpanStart(
                operation: "http.server", name: name, origin: origin, source: named == nil ? .url : .route,
                startsTransaction: true)
            // The request's attributes are built for a sampler that reads them, else only once sampled.
            if samplerReadsData { start.spanData = request.samplingData(sendDefaultPii: pii) }
            if let named { start.spanData.set(.string(named), forKey: "http.route") }
            let transaction = hub.startSpan(start)
            if !samplerReadsData, transaction.isSampled { transaction.setData(request.samplingData(sendDefaultPii: pii).pairs) }
            // Inside `withIsolationScope` the current scope is its fork: the request keeps both.
            return HandledRequest(
                instrumentation: self, hub: hub, scope: scope, current: Scopes.current, session: session,
                transaction: transaction)
        }
    }

    /// Captures a handler's error as unhandled, with the framework's mechanism.
    func captureUnhandled(_ error: any Error) {
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
