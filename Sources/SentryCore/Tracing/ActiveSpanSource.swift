/// Where an integration's own notion of "the active span" comes from (for example
/// swift-distributed-tracing's `ServiceContext`), consulted when no Sentry span is bound.
public protocol ActiveSpanSource: Sendable {
    /// The active span, if this source knows one.
    var activeSpan: (any Span)? { get }
}
