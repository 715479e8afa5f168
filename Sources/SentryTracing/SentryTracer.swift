package import SentryCore

/// Starts transactions and spans: samples each new trace once, at its root, before anything an
/// unsampled span does not need is made, and sends finished transactions.
package final class SentryTracer: SpanFactory {
    let options: Options
    let publicKey: String?
    let recorder: any DiscardRecorder
    let sink: any TransactionSink
    /// Down-samples new traces while the transport is unhealthy; `nil` when backpressure handling is off.
    let backpressure: BackpressureMonitor?

    /// Creates a tracer. `sink` receives each finished, sampled transaction and its DSC; while
    /// `backpressure` reports an unhealthy transport, new traces are sampled at a fraction of the rate.
    package init(
        options: Options, publicKey: String?, recorder: any DiscardRecorder, sink: any TransactionSink,
        backpressure: BackpressureMonitor? = nil
    ) {
        self.options = options
        self.publicKey = publicKey
        self.recorder = recorder
        self.sink = sink
        self.backpressure = backpressure
    }

    /// Starts a child of `parent`, or a transaction continuing `start.propagation`, else the
    /// trace `propagation` reads.
    package func startSpan(_ start: SpanStart, parent: (any Span)?, propagation: () -> PropagationContext) -> any Span {
        if let parent, !start.startsTransaction {
            // A sampled parent's child gets its origin and data before anyone else sees it (no lock).
            if let parent = parent as? SentrySpan { return parent.child(start) }
            return parent.startChild(operation: start.operation, description: start.name)
        }
        // A transaction that continues no upstream trace starts a trace of its own, with its own
        // `sample_rand` (as the Python, Rust and Cocoa SDKs do): transactions started one after
        // another in one scope are each sampled, not all in or all out with the scope's one value.
        let continued = start.propagation ?? propagation()
        let propagation = continued.parentSpanId == nil ? PropagationContext() : continued
        let name = start.name ?? start.operation
        let context = SamplingContext(
            name: name, operation: start.operation, parentSampled: propagation.parentSampled,
            parentSampleRate: propagation.dynamicSamplingContext?.sampleRate.flatMap(Double.init),
            data: options.tracesSampler == nil ? [:] : start.data)  // only a sampler reads it
        let decision = TraceSampling.decide(
            forced: start.sampled, sampler: options.tracesSampler, rate: options.tracesSampleRate,
            context: context, sampleRand: propagation.sampleRand, downsampleExponent: backpressure?.downsampleExponent ?? 0)
        let trace = TraceState(
            tracer: self, propagation: propagation, name: name, source: start.source ?? .custom, decision: decision)
        guard decision.sampled else {
            return UnsampledSpan(trace: trace, spanId: propagation.parentSpanId == nil ? propagation.spanId : SpanId(), parentSpanId: propagation.parentSpanId)
        }
        let startTimestamp = start.startTimestamp ?? .now()
        // The profiler (SentryProfiling, through SentryCore's hooks) runs for or links to this transaction.
        trace.profile = ProfilingRegistry.current?.rootSpanStarted(context, traceId: trace.traceId, start: startTimestamp)
        return SentrySpan(
            trace: trace, spanId: SpanId(), parentSpanId: propagation.parentSpanId, operation: start.operation,
            description: name, isRoot: true, startTimestamp: startTimestamp, origin: start.origin, data: start.spanData)
    }
}
