/// Reads incoming trace headers and writes outgoing ones.
package enum TracePropagation {
    /// The trace to continue from incoming headers (names matched case-insensitively), or a new
    /// trace when there is none to continue or the organization check refuses it.
    ///
    /// - Parameters:
    ///   - headers: the incoming request headers (any case).
    ///   - ownOrgId: this SDK's organization id (from the options or the DSN).
    ///   - strict: refuse traces whose organization is unknown on either side.
    package static func continuing(headers: [String: String], ownOrgId: String?, strict: Bool) -> PropagationContext {
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value }
        let sentryTrace = lowered[SentryTraceHeader.name].flatMap(SentryTraceHeader.init)
        let traceParent = sentryTrace == nil ? lowered[TraceParentHeader.name].flatMap(TraceParentHeader.init) : nil
        guard let traceId = sentryTrace?.traceId ?? traceParent?.traceId,
            let parentSpanId = sentryTrace?.spanId ?? traceParent?.spanId
        else { return PropagationContext() }
        let baggage = lowered[Baggage.name].map(Baggage.init) ?? Baggage()
        let incomingOrg = baggage.sentryEntries["org_id"]
        switch (incomingOrg, ownOrgId) {
        case let (incoming?, own?) where incoming != own: return PropagationContext()
        case (nil, _?), (_?, nil): if strict { return PropagationContext() }
        default: break
        }
        let sampled = sentryTrace.map { $0.sampled } ?? traceParent.map { $0.sampled }
        // An upstream Sentry SDK's DSC is frozen as received; without one, an old SDK sent only
        // sentry-trace: the DSC is frozen empty (no baggage to forward).
        var dsc = baggage.hasSentryEntries ? baggage.dynamicSamplingContext() : nil
        if dsc != nil { dsc?.traceId = traceId }
        let sampleRate = baggage.sentryEntries["sample_rate"].flatMap(Double.init)
        return PropagationContext(
            traceId: traceId, parentSpanId: parentSpanId, parentSampled: sampled ?? nil,
            sampleRand: sampleRand(baggage: baggage, sampled: sampled ?? nil, sampleRate: sampleRate),
            dynamicSamplingContext: dsc)
    }

    /// The incoming `sentry-sample_rand` when valid; else one consistent with the upstream
    /// decision and rate; else uniform in [0, 1).
    static func sampleRand(baggage: Baggage, sampled: Bool?, sampleRate: Double?) -> Double {
        if let text = baggage.sentryEntries["sample_rand"], let value = Double(text), value >= 0, value < 1 {
            return value
        }
        let unit = FastRandom.unit()
        if let sampled, let rate = sampleRate, rate > 0, rate <= 1 {
            return sampled ? unit * rate : rate + unit * (1 - rate)
        }
        return unit
    }

    /// The outgoing headers for the active span, or for the propagation context when none is.
    package static func headers(
        span: (any Span)?, propagation: PropagationContext, fallbackDSC: DynamicSamplingContext?,
        traceparent: Bool, existingBaggage: String? = nil
    ) -> [String: String] {
        let traceId = span?.traceId ?? propagation.traceId
        let spanId = span?.spanId ?? propagation.spanId
        let sampled: Bool? = span.map { $0.sampled } ?? propagation.parentSampled
        var headers = [SentryTraceHeader.name: SentryTraceHeader(traceId: traceId, spanId: spanId, sampled: sampled).value]
        let dsc = span?.dynamicSamplingContext ?? propagation.dynamicSamplingContext ?? fallbackDSC
        var baggage = existingBaggage.map(Baggage.init) ?? Baggage()
        baggage.sentryEntries = [:]  // ours replace any stale sentry-* members
        let value = baggage.value(sentry: dsc)
        if !value.isEmpty { headers[Baggage.name] = value }
        if traceparent {
            headers[TraceParentHeader.name] = TraceParentHeader(traceId: traceId, spanId: spanId, sampled: sampled == true).value
        }
        return headers
    }
}

/// Decides which outgoing URLs get trace headers: `tracePropagationTargets` entries match as
/// regular expressions searched anywhere in the URL (so a plain string matches as a substring).
public struct PropagationTargets: Sendable {
    private let matchesAll: Bool
    private let patterns: [String]

    /// Compiles the targets once.
    public init(_ targets: [String]) {
        matchesAll = targets.contains(".*") || targets.contains("")
        patterns = targets
    }

    /// Whether `url` should get trace headers (`nil`: no URL known, e.g. a queue message — yes).
    public func matches(_ url: String?) -> Bool {
        guard let url else { return !patterns.isEmpty }
        if matchesAll { return true }
        return patterns.contains { pattern in
            if url.contains(pattern) { return true }
            guard let regex = try? Regex(pattern) else { return false }
            return (try? regex.firstMatch(in: url)) != nil
        }
    }
}
