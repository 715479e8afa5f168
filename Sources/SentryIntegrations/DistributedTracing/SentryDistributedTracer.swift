import SentryCore
public import Tracing

/// A swift-distributed-tracing `Tracer` that reports to Sentry, so every library instrumented
/// with swift-distributed-tracing (Hummingbird, Vapor, gRPC, database drivers…) sends spans:
///
/// ```swift
/// SentrySDK.start { $0.dsn = "…"; $0.tracesSampleRate = 1 }
/// InstrumentationSystem.bootstrap(SentryDistributedTracer())
/// ```
///
/// Spans nest through `ServiceContext`; span kinds and OpenTelemetry attributes become Sentry ops
/// and data when a span ends. `inject`/`extract` speak `sentry-trace` and `baggage` (and
/// `traceparent` when enabled), so instrumented clients and servers propagate Sentry traces.
public struct SentryDistributedTracer: Tracer {
    /// The span type.
    public typealias Span = SentryTracingSpan

    /// Creates the tracer and lets `SentrySDK` calls inside its spans find them.
    public init() {
        Scopes.setActiveSpanSource(ServiceContextSpanSource())
    }

    /// Starts a span: a child of the context's Sentry span, else a transaction continuing the
    /// context's extracted trace, else whatever the SDK considers active.
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> SentryTracingSpan {
        var context = context()
        let start = instant()
        var request = SpanStart(
            operation: SpanMapping.initialOperation(kind: kind, name: operationName), name: operationName,
            origin: "auto.tracing.swift_distributed_tracing",
            startTimestamp: SentryTimestamp(secondsSince1970: Double(start.nanosecondsSinceEpoch) / 1e9))
        if let parent = context.sentrySpan {
            request.parent = parent
        } else if let propagation = context.sentryPropagation {
            request.propagation = propagation
            request.startsTransaction = true
        }
        let span = SentrySDK.startSpan(request)
        context.sentrySpan = span
        return SentryTracingSpan(span: span, context: context, kind: kind, operationName: operationName)
    }

    /// Sentry spans are sent when their transaction ends; flushing is `SentrySDK.flush`.
    public func forceFlush() {}

    /// Writes the context's trace into outgoing headers.
    public func inject<Carrier, Inject: Injector>(
        _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
    ) where Inject.Carrier == Carrier {
        let headers: [String: String]
        if let span = context.sentrySpan {
            headers = TracePropagation.headers(
                span: span, propagation: PropagationContext(), fallbackDSC: nil,
                traceparent: SentrySDK.withOptions(\.propagateTraceparent) ?? false)
        } else {
            headers = SentrySDK.traceHeaders()
        }
        for (name, value) in headers { injector.inject(value, forKey: name, into: &carrier) }
    }

    /// Reads an incoming trace from headers into the context; the next span continues it.
    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
    ) where Extract.Carrier == Carrier {
        var headers: [String: String] = [:]
        for name in [SentryTraceHeader.name, Baggage.name, TraceParentHeader.name] {
            if let value = extractor.extract(key: name, from: carrier) { headers[name] = value }
        }
        guard headers[SentryTraceHeader.name] != nil || headers[TraceParentHeader.name] != nil else { return }
        let (ownOrgId, strict) = SentrySDK.withOptions { options in
            (options.orgId ?? (try? options.parsedDsn())?.orgId, options.strictTraceContinuation)
        } ?? (nil, false)
        context.sentryPropagation = TracePropagation.continuing(headers: headers, ownOrgId: ownOrgId, strict: strict)
    }
}
