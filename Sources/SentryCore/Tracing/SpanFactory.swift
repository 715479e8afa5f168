/// Starts spans: `SentryTracing` implements it and the started SDK's hub uses it. A class, so
/// the hub's reference to it is copied with one retain.
package protocol SpanFactory: AnyObject, Sendable {
    /// Starts a span for `start` under `parent`, or a transaction continuing the trace that
    /// `propagation` reads (only a transaction reads it: a child continues its parent's trace).
    func startSpan(_ start: SpanStart, parent: (any Span)?, propagation: () -> PropagationContext) -> any Span
}
