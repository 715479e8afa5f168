import SentryCore

/// Starts an AI span, binds what the body needs, captures an escaping error once, and finishes
/// the span. The costs are kept to the sampled path: attributes go in with the start (one lock,
/// one dictionary); an unsampled span binds nothing but the AI marker of the outermost span.
enum AISpanRunner {
    /// What a started AI span binds for its body.
    struct Started {
        let span: AISpan
        /// The context to bind (`nil`: the enclosing one stays).
        let context: AIContext?
        /// Whether no AI span encloses this one.
        let outermost: Bool
        /// Whether the span becomes the active span (sampled spans and agents).
        let bindsSpan: Bool
    }

    /// Starts a span of `kind`; `data` (built only when the span may be sampled) goes in with the start.
    static func start(
        _ start: SpanStart, kind: AISpan.Kind, agentName: String? = nil, data: () -> [String: JSONValue]
    ) -> Started {
        let parent = AIContext.current
        let span: any Span
        if let active = Scopes.activeSpan, !active.isSampled {
            // A child of a span that is not sent is never sent either: start nothing, keep the ids.
            span = NoOpSpan(traceId: active.traceId, parentSpanId: active.spanId)
        } else {
            // A child of a sampled span is sampled; a new transaction may be, and its sampler sees the data.
            var start = start
            start.data = data()
            span = SentrySDK.startSpan(start)
        }
        let context: AIContext? =
            switch kind {
            case .agent: AIContext(agentName: agentName, isAgent: true)
            default: parent == nil ? .root : nil
            }
        let aiSpan = AISpan(span: span, kind: kind, context: kind == .agent ? context : parent)
        return Started(span: aiSpan, context: context, outermost: parent == nil, bindsSpan: span.isSampled)
    }

    /// Finishes `span`; an agent gets the summed usage of its calls unless it recorded its own.
    static func finish(_ span: AISpan) {
        if span.kind == .agent, span.span.isSampled, let totals = span.context?.agentUsage?.withLock({ $0 }),
            !totals.explicit, let sum = totals.sum
        {
            AISpan.write(sum, on: span.span)
        }
        span.span.finish()
    }

    static func run<Result>(
        _ start: SpanStart, kind: AISpan.Kind, agentName: String? = nil, data: () -> [String: JSONValue],
        isolation: isolated (any Actor)?, _ body: (AISpan) async throws -> Result
    ) async rethrows -> Result {
        let started = self.start(start, kind: kind, agentName: agentName, data: data)
        defer { finish(started.span) }
        switch (started.bindsSpan, started.context) {
        case (true, let context?):
            return try await Scopes.withActiveSpan(started.span.span, isolation: isolation) {
                try await AIContext.$current.withValue(
                    context, operation: { try await guarded(started, body) }, isolation: isolation)
            }
        case (true, nil):
            return try await Scopes.withActiveSpan(started.span.span, isolation: isolation) {
                try await guarded(started, body)
            }
        case (false, let context?):
            return try await AIContext.$current.withValue(
                context, operation: { try await guarded(started, body) }, isolation: isolation)
        case (false, nil):
            return try await guarded(started, body)
        }
    }

    static func run<Result>(
        _ start: SpanStart, kind: AISpan.Kind, agentName: String? = nil, data: () -> [String: JSONValue],
        _ body: (AISpan) throws -> Result
    ) rethrows -> Result {
        let started = self.start(start, kind: kind, agentName: agentName, data: data)
        defer { finish(started.span) }
        switch (started.bindsSpan, started.context) {
        case (true, let context?):
            return try Scopes.withActiveSpan(started.span.span) {
                try AIContext.$current.withValue(context) { try guarded(started, body) }
            }
        case (true, nil):
            return try Scopes.withActiveSpan(started.span.span) { try guarded(started, body) }
        case (false, let context?):
            return try AIContext.$current.withValue(context) { try guarded(started, body) }
        case (false, nil):
            return try guarded(started, body)
        }
    }

    /// Runs `body`; an escaping error marks the span and is captured once.
    private static func guarded<Result>(
        _ started: Started, isolation: isolated (any Actor)? = #isolation, _ body: (AISpan) async throws -> Result
    ) async rethrows -> Result {
        do {
            return try await body(started.span)
        } catch {
            AIErrorCapture.record(error, on: started.span.span, outermost: started.outermost)
            throw error
        }
    }

    private static func guarded<Result>(_ started: Started, _ body: (AISpan) throws -> Result) rethrows -> Result {
        do {
            return try body(started.span)
        } catch {
            AIErrorCapture.record(error, on: started.span.span, outermost: started.outermost)
            throw error
        }
    }
}
