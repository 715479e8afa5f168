/// Starts spans: `SentryTracing` implements it and the started SDK's hub uses it. A class, so
/// the hub's reference to it is copied with one retain.
package protocol SpanFactory: AnyObject, Sendable {
    /// Starts a span for `start` under `parent`, or a transaction continuing `start.propagation`,
    /// else the trace that `propagation` reads (only such a transaction reads it).
    func startSpan(_ start: SpanStart, parent: (any Span)?, propagation: () -> PropagationContext) -> any Span
}
