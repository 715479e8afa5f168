public import SentryCore
public import Tracing

/// The Sentry span a `ServiceContext` carries (set by ``SentryDistributedTracer``).
public enum SentrySpanKey: ServiceContextKey {
    /// The span.
    public typealias Value = any SentryCore.Span
    /// The key's name in diagnostics.
    public static var nameOverride: String? { "sentry-span" }
}

/// An incoming trace extracted from headers, waiting for the first span to continue it.
public enum SentryPropagationKey: ServiceContextKey {
    /// The trace to continue.
    public typealias Value = PropagationContext
    /// The key's name in diagnostics.
    public static var nameOverride: String? { "sentry-propagation" }
}

extension ServiceContext {
    /// The Sentry span this context belongs to.
    public var sentrySpan: (any SentryCore.Span)? {
        get { self[SentrySpanKey.self] }
        set { self[SentrySpanKey.self] = newValue }
    }

    /// The incoming trace this context continues.
    public var sentryPropagation: PropagationContext? {
        get { self[SentryPropagationKey.self] }
        set { self[SentryPropagationKey.self] = newValue }
    }
}

/// Lets `SentrySDK` calls inside a swift-distributed-tracing span find that span.
struct ServiceContextSpanSource: ActiveSpanSource {
    var activeSpan: (any SentryCore.Span)? { ServiceContext.current?.sentrySpan }
}
