/// Starts spans: `SentryTracing` implements it and the started SDK's hub uses it.
package protocol SpanFactory: Sendable {
    /// Starts a span for `start` under `parent`, or a transaction continuing `propagation`.
    func startSpan(_ start: SpanStart, parent: (any Span)?, propagation: PropagationContext) -> any Span
}
