/// One request an ``HTTPServerInstrumentation`` is handling: its forked scopes, its session and
/// its `http.server` transaction, from ``HTTPServerInstrumentation/begin(_:body:route:)`` until
/// ``finish(status:failure:route:)``.
///
/// A middleware that runs the handler asynchronously binds it with the async ``bound(isolation:_:)``;
/// one built on futures (Vapor's `Middleware`) binds the synchronous part with ``bound(_:)``
/// (tasks the handler creates there inherit the bindings) and finishes when the future completes.
package struct HandledRequest: Sendable {
    let instrumentation: HTTPServerInstrumentation
    let hub: any Hub
    /// The request's isolation scope.
    let scope: ScopeHandle
    let current: ScopeHandle
    let session: RequestSession?
    /// The request's transaction (a no-op span when tracing is off).
    let transaction: any Span

    /// Runs `body` with the request's scopes and transaction bound.
    package func bound<Result>(_ body: () throws -> Result) rethrows -> Result {
        try Scopes.$boundIsolation.withValue(scope) {
            try Scopes.$boundCurrent.withValue(current) {
                try Scopes.$boundSpan.withValue(transaction) { try body() }
            }
        }
    }

    /// Runs async `body` with the request's scopes and transaction bound.
    package func bound<Result>(
        isolation actor: isolated (any Actor)? = #isolation, _ body: () async throws -> Result
    ) async rethrows -> Result {
        TaskLocalBinding.bind(scope, to: Scopes.$boundIsolation)
        TaskLocalBinding.bind(current, to: Scopes.$boundCurrent)
        TaskLocalBinding.bind(transaction, to: Scopes.$boundSpan)
        defer {
            TaskLocalBinding.unbind()
            TaskLocalBinding.unbind()
            TaskLocalBinding.unbind()
        }
        return try await body()
    }

    /// Ends the request answered with `status`: names the transaction by `route` (when one
    /// matched that ``HTTPServerInstrumentation/begin(_:body:route:)`` did not know), captures `failure` once as unhandled when its status is captured, marks the
    /// session errored on a 5xx, and finishes the transaction and the session.
    package func finish(status code: Int, failure: (any Error)?, route: String?) {
        // Bound: the transaction is captured with the request's scopes (its event processor).
        bound {
            if let route, !route.isEmpty {
                transaction.setDescription(route)
                transaction.setSource(.route)
                transaction.setData(.string(route), forKey: "http.route")
                scope.configure { $0.transactionName = route }
            }
            if let failure, instrumentation.captures(status: code) { instrumentation.captureUnhandled(failure) }
            if code >= 500 { session?.markErrored() }
            transaction.setData(.int(Int64(code)), forKey: "http.response.status_code")
            transaction.setStatus(SpanStatus(httpStatusCode: code))
            transaction.finish()
        }
        if let session { hub.endRequestSession(session, crashed: false) }
    }
}
