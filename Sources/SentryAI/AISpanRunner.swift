import SentryCore

/// Starts an AI span, binds what the body needs, captures an escaping error once, and finishes
/// the span. The costs are kept to the sampled path: attributes go in with the start (one lock,
/// no hashing); an unsampled span binds nothing but the AI marker of the outermost span.
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

    /// What a sampled AI span starts with: the span to start, its attributes, the agent's name.
    typealias Description = (start: SpanStart, data: SpanData, agentName: String?)

    /// Starts a span of `kind`. `describe` runs only when the span can be sampled: under a parent
    /// that is not sent nothing is started (the parent stands in, and is not finished).
    static func start(kind: AISpan.Kind, describe: () -> Description) -> Started {
        let parent = AIContext.current
        // Agents and tools may run other AI spans, so the outermost one marks the task; a model
        // call is a leaf and binds nothing (an AI span inside one would capture an error again).
        let marks = parent == nil && kind != .client
        if let active = Scopes.activeSpan, !active.isSampled {
            let span = AISpan(span: active, kind: .other, context: nil, owned: false)
            return Started(span: span, context: marks ? .root : nil, outermost: parent == nil, bindsSpan: false)
        }
        var (start, data, agentName) = describe()
        start.spanData = data
        let span = SentrySDK.startSpan(start)
        let context: AIContext? =
            switch kind {
            case .agent: AIContext(agentName: agentName, isAgent: true)
            default: marks ? .root : nil
            }
        let aiSpan = AISpan(span: span, kind: kind, context: kind == .agent ? context : parent, owned: true)
        return Started(span: aiSpan, context: context, outermost: parent == nil, bindsSpan: span.isSampled)
    }

    /// Finishes `span`; an agent gets the summed usage of its calls unless it recorded its own.
    static func finish(_ span: AISpan) {
        guard span.owned else { return }
        if span.kind == .agent, span.span.isSampled, let totals = span.context?.agentUsage?.withLock({ $0 }),
            !totals.explicit, let sum = totals.sum
        {
            AISpan.write(sum, on: span.span)
        }
        span.span.finish()
    }

    static func run<Result>(
        kind: AISpan.Kind, describe: () -> Description, isolation: isolated (any Actor)?,
        _ body: (AISpan) async throws -> Result
    ) async rethrows -> Result {
        let started = self.start(kind: kind, describe: describe)
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
        kind: AISpan.Kind, describe: () -> Description, _ body: (AISpan) throws -> Result
    ) rethrows -> Result {
        let started = self.start(kind: kind, describe: describe)
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
