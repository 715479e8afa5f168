import SentryCore

/// A sampled span. Children record themselves into their transaction's ``TraceState`` when they
/// finish; the transaction sends itself when it finishes.
///
/// `@unchecked Sendable`: every `var` is only touched while holding `trace.lock`.
final class SentrySpan: Span, @unchecked Sendable {
    let trace: TraceState
    let spanId: SpanId
    let parentSpanId: SpanId?
    let isRoot: Bool
    private var operation: String
    private var spanDescription: String?
    private var status: SpanStatus?
    private var origin = "manual"
    private var data = SpanData()
    private var tags: [String: String] = [:]
    private var startTimestamp: SentryTimestamp
    private var finished = false

    /// A span of `trace` with what `start` sets (its origin and data) in place before anyone else
    /// can see it, so no lock is taken.
    init(
        trace: TraceState, spanId: SpanId, parentSpanId: SpanId?, operation: String, description: String?, isRoot: Bool,
        startTimestamp: SentryTimestamp, origin: String?, data: SpanData
    ) {
        self.trace = trace
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.operation = operation
        self.spanDescription = description
        self.isRoot = isRoot
        self.startTimestamp = startTimestamp
        if let origin { self.origin = origin }
        self.data = data
    }

    var traceId: SentryId { trace.traceId }
    var sampled: Bool? { true }
    var dynamicSamplingContext: DynamicSamplingContext? { trace.dynamicSamplingContext }

    /// Starts the child `start` describes.
    func child(_ start: SpanStart) -> SentrySpan {
        SentrySpan(
            trace: trace, spanId: SpanId(), parentSpanId: spanId, operation: start.operation, description: start.name,
            isRoot: false, startTimestamp: start.startTimestamp ?? .now(), origin: start.origin, data: start.spanData)
    }

    func startChild(operation: String, description: String?) -> any Span {
        SentrySpan(
            trace: trace, spanId: SpanId(), parentSpanId: spanId, operation: operation, description: description,
            isRoot: false, startTimestamp: .now(), origin: nil, data: SpanData())
    }

    func setOperation(_ operation: String) { trace.lock.withLock { self.operation = operation } }

    func setDescription(_ description: String) {
        trace.lock.withLock {
            spanDescription = description
            if isRoot { trace.name = description }
        }
    }

    func setData(_ value: JSONValue, forKey key: String) { trace.lock.withLock { data.set(value, forKey: key) } }
    func setData(_ pairs: [(key: String, value: JSONValue)]) {
        trace.lock.withLock { data.set(pairs) }
    }
    func setTag(_ value: String, forKey key: String) { trace.lock.withLock { tags[key] = value } }
    func setStatus(_ status: SpanStatus) { trace.lock.withLock { self.status = status } }

    func setMeasurement(_ name: String, value: Double, unit: String?) {
        trace.lock.withLock { trace.measurements[name] = Event.Measurement(value: value, unit: unit) }
    }

    /// Sets the transaction's name source (`route` once a router resolved it).
    func setSource(_ source: Event.TransactionSource) {
        guard isRoot else { return }
        trace.lock.withLock { trace.source = source }
    }

    func finish(at timestamp: SentryTimestamp?) {
        let end = timestamp ?? .now()
        let threadData = trace.profile?.threadData()  // `thread.id`/`thread.name` while profiling
        let record: SpanRecord? = trace.lock.withLock {
            guard !finished else { return nil }
            finished = true
            guard isRoot || trace.children.count < trace.tracer.options.maxSpans else {
                trace.droppedSpans += 1
                return nil
            }
            if let threadData { data.addDefaults(threadData) }
            let record = SpanRecord(
                traceId: trace.traceId, spanId: spanId, parentSpanId: parentSpanId, op: operation,
                description: spanDescription, status: status ?? (isRoot ? .ok : nil), startTimestamp: startTimestamp,
                timestamp: end, origin: origin, spanData: data, tags: tags)
            guard !isRoot else { return record }
            trace.children.append(record)
            return nil
        }
        if let record, isRoot { sendTransaction(root: record) }
    }

    private func sendTransaction(root: SpanRecord) {
        let (children, dropped, name, source, measurements) = trace.lock.withLock {
            (trace.children, trace.droppedSpans, trace.name, trace.source, trace.measurements)
        }
        if dropped > 0 {
            trace.tracer.recorder.recordDiscard(.bufferOverflow, category: .span, quantity: dropped)
        }
        var event = Event(timestamp: root.timestamp ?? .now())
        event.kind = .transaction
        event.transaction = name
        event.transactionSource = source
        event.startTimestamp = root.startTimestamp
        event.spans = children
        event.measurements = measurements
        event.tags = root.tags
        event.contexts.trace = TraceContext(
            traceId: root.traceId, spanId: root.spanId, parentSpanId: root.parentSpanId, op: root.op,
            status: root.status, origin: root.origin, data: root.data)
        trace.profile?.finish(transaction: &event)
        trace.tracer.sink.capture(transaction: event, trace: dynamicSamplingContext)
    }
}

/// A span in a trace that is not sampled: it keeps the ids so the trace propagates, records
/// nothing, and counts itself so the dropped transaction is reported with its spans.
final class UnsampledSpan: Span {
    let trace: TraceState
    let spanId: SpanId
    let parentSpanId: SpanId?
    private let isRoot: Bool

    init(trace: TraceState, spanId: SpanId, parentSpanId: SpanId?, isRoot: Bool = true) {
        self.trace = trace
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.isRoot = isRoot
    }

    var traceId: SentryId { trace.traceId }
    /// `false`, or deferred (`nil`) when tracing is off and no one upstream decided.
    var sampled: Bool? { trace.decision.rate == nil && trace.propagation.parentSampled == nil ? nil : false }
    var dynamicSamplingContext: DynamicSamplingContext? { trace.dynamicSamplingContext }

    func startChild(operation: String, description: String?) -> any Span {
        trace.lock.withLock { trace.unsampledSpans += 1 }
        return UnsampledSpan(trace: trace, spanId: SpanId(), parentSpanId: spanId, isRoot: false)
    }

    func setOperation(_ operation: String) {}
    func setDescription(_ description: String) {}
    func setData(_ value: JSONValue, forKey key: String) {}
    func setTag(_ value: String, forKey key: String) {}
    func setStatus(_ status: SpanStatus) {}
    func setMeasurement(_ name: String, value: Double, unit: String?) {}

    func finish(at timestamp: SentryTimestamp?) {
        guard isRoot, trace.decision.rate != nil else { return }  // tracing off: nothing was dropped
        let spans = trace.lock.withLock { () -> Int? in
            defer { trace.unsampledSpans = -1 }
            return trace.unsampledSpans < 0 ? nil : trace.unsampledSpans
        }
        guard let spans else { return }
        let reason: DiscardReason = trace.decision.droppedByBackpressure ? .backpressure : .sampleRate
        trace.tracer.recorder.recordDiscard(reason, category: .transaction, quantity: 1)
        trace.tracer.recorder.recordDiscard(reason, category: .span, quantity: spans + 1)
    }
}
