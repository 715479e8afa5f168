// Spans, transactions and trace propagation.
extension SentrySDK {
    /// Starts a span: a child of the active span, or a transaction when none is active.
    /// Finish it with `finish()`; it is not bound as the active span (see `withSpan(operation:name:_:)`).
    @inlinable
    public static func startSpan(operation: String, name: String? = nil) -> any Span {
        guard !isOff, let hub else { return NoOpSpan.shared }
        return hub.startSpan(SpanStart(operation: operation, name: name))
    }

    /// Starts a span described in full (parent, trace to continue, origin, sampling…).
    @inlinable
    public static func startSpan(_ start: SpanStart) -> any Span {
        guard !isOff, let hub else { return NoOpSpan.shared }
        return hub.startSpan(start)
    }

    /// Starts a transaction, even when a span is active.
    @inlinable
    public static func startTransaction(name: String, operation: String) -> any Span {
        guard !isOff, let hub else { return NoOpSpan.shared }
        return hub.startSpan(SpanStart(operation: operation, name: name, startsTransaction: true))
    }

    /// The active span, if any.
    public static var activeSpan: (any Span)? {
        guard hub != nil else { return nil }
        return Scopes.activeSpan
    }

    /// Runs `body` inside a new active span and finishes it afterwards; a thrown error marks it
    /// `internal_error`. Spans started and errors captured inside attach to it.
    @discardableResult
    @inlinable
    public static func withSpan<Result>(
        operation: String, name: String? = nil, _ body: (any Span) throws -> Result
    ) rethrows -> Result {
        guard !isOff, let hub else { return try body(NoOpSpan.shared) }
        let span = hub.startSpan(SpanStart(operation: operation, name: name))
        defer { span.finish() }
        do {
            return try Scopes.withActiveSpan(span) { try body(span) }
        } catch {
            span.setStatus(.internalError)
            throw error
        }
    }

    /// Runs async `body` inside a new active span and finishes it afterwards.
    @discardableResult
    @inlinable
    public static func withSpan<Result>(
        operation: String, name: String? = nil, isolation: isolated (any Actor)? = #isolation,
        _ body: (any Span) async throws -> Result
    ) async rethrows -> Result {
        guard !isOff, let hub else { return try await body(NoOpSpan.shared) }
        let span = hub.startSpan(SpanStart(operation: operation, name: name))
        defer { span.finish() }
        do {
            return try await Scopes.withActiveSpan(span, isolation: isolation) { try await body(span) }
        } catch {
            span.setStatus(.internalError)
            throw error
        }
    }

    /// Continues an incoming trace (`sentry-trace`, `baggage`, `traceparent` headers, any case)
    /// in the current isolation scope; call it inside ``withIsolationScope(_:)-(_)`` per request.
    public static func continueTrace(headers: [String: String]) {
        hub?.continueTrace(headers: headers)
    }

    /// The headers to add to an outgoing request to `url` so the trace continues there:
    /// `sentry-trace` and `baggage` (and `traceparent` when enabled); empty when `url` does not
    /// match `tracePropagationTargets` or no SDK is started.
    public static func traceHeaders(for url: String? = nil) -> [String: String] {
        hub?.traceHeaders(for: url) ?? [:]
    }
}
