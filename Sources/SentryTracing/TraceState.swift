#if canImport(Glibc)
import Glibc
#endif
import SentryCore

/// What a transaction's spans share: the trace, the decision, the finished child records, and
/// the lock that guards every span of the transaction.
///
/// `@unchecked Sendable`: `children`, `droppedSpans`, `unsampledSpans`, `name`, `source` and
/// `frozenDSC` are only touched while holding `lock` (a pthread mutex); `profile` is set once
/// before the root span is handed out and only read after.
final class TraceState: @unchecked Sendable {
    let tracer: SentryTracer
    let traceId: SentryId
    let propagation: PropagationContext
    let decision: SamplingDecision
    let lock = SpanLock.make()
    var name: String
    var source: Event.TransactionSource
    var children: [SpanRecord] = []
    var droppedSpans = 0
    var unsampledSpans = 0
    var measurements: [String: Event.Measurement] = [:]
    /// The profiler's side of this transaction; set once, before the root span is shared.
    var profile: (any ProfiledTransaction)?
    private var frozenDSC: DynamicSamplingContext?

    init(tracer: SentryTracer, propagation: PropagationContext, name: String, source: Event.TransactionSource, decision: SamplingDecision) {
        self.tracer = tracer
        self.traceId = propagation.traceId
        self.propagation = propagation
        self.name = name
        self.source = source
        self.decision = decision
        children.reserveCapacity(decision.sampled ? 16 : 0)
    }

    /// The DSC: the incoming one verbatim when continuing a Sentry trace, else ours, frozen the
    /// first time it is read (it is about to leave the process).
    var dynamicSamplingContext: DynamicSamplingContext? {
        lock.withLock {
            if let frozenDSC { return frozenDSC }
            if let incoming = propagation.dynamicSamplingContext {
                frozenDSC = incoming
                return incoming
            }
            guard let publicKey = tracer.publicKey else { return nil }
            let options = tracer.options
            let dsc = DynamicSamplingContext(
                traceId: traceId, publicKey: publicKey, sampleRate: decision.rate.map(Self.format),
                sampleRand: propagation.sampleRandText,
                sampled: decision.rate == nil ? nil : (decision.sampled ? "true" : "false"),
                release: options.release, environment: options.environment,
                transaction: source == .url ? nil : name, orgId: options.orgId)
            frozenDSC = dsc
            return dsc
        }
    }

    static func format(_ rate: Double) -> String {
        var text = String(rate)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

}

/// The lock a transaction's spans share: a pthread mutex (which ThreadSanitizer understands) in
/// the lock's own allocation. A class of its own, not `Locked<Void>`, so making one per
/// transaction allocates once and looks up no generic metadata.
///
/// `@unchecked Sendable`: its one element, the mutex, is only used through pthread calls.
final class SpanLock: ManagedBuffer<Void, pthread_mutex_t>, @unchecked Sendable {
    /// A new, unlocked lock.
    static func make() -> SpanLock {
        // `create` returns the subclass it is called on.
        let lock = unsafeDowncast(SpanLock.create(minimumCapacity: 1) { _ in () }, to: SpanLock.self)
        lock.withUnsafeMutablePointerToElements { _ = pthread_mutex_init($0, nil) }
        return lock
    }

    deinit { _ = withUnsafeMutablePointerToElements { pthread_mutex_destroy($0) } }

    @inline(__always)
    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        try withUnsafeMutablePointerToElements { mutex in
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return try body()
        }
    }
}
