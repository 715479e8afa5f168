import SentryCore

/// Starts an AI span, binds what the body needs, captures an escaping error once, and finishes
/// the span. The costs are kept to the sampled path: attributes go in with the start (one lock,
/// no hashing); under a parent that is not sent nothing is started or bound.
enum AISpanRunner {
    /// What a started AI span binds for its body.
    struct Started {
        let span: AISpan
        /// The agent context to bind (`nil`: the enclosing one stays).
        let context: AIContext?
        /// Whether the span becomes the active span: one this runner started, sampled or not, so
        /// the spans inside follow its sampling decision.
        var bindsSpan: Bool { span.owned }
    }

    /// What a sampled AI span starts with: the span to start, its attributes, the agent's name.
    typealias Description = (start: SpanStart, data: SpanData, agentName: String?)

    /// Starts a span of `kind` (the helpers call it only while tracing is on). `describe` gets the
    /// enclosing agent's name and runs only when the span can be sent: under a parent that is not
    /// sent nothing is started (the parent stands in, and is not finished).
    static func start(kind: AISpan.Kind, describe: (_ enclosingAgent: String?) -> Description) -> Started {
        let active = Scopes.activeSpan
        if let active, !active.isSampled {
            return Started(span: AISpan(span: active, kind: .other, context: nil, owned: false), context: nil)
        }
        let enclosing = AIContext.current
        var (start, data, agentName) = describe(enclosing?.agentName)
        start.spanData = data
        if start.parent == nil { start.parent = active }  // read once: the hub need not look again
        let span = SentrySDK.startSpan(start)
        let context = kind == .agent ? AIContext(agentName: agentName) : nil
        let aiSpan = AISpan(span: span, kind: kind, context: context ?? enclosing, owned: true)
        return Started(span: aiSpan, context: context)
    }

    /// Finishes `span`; an agent gets the summed usage of its calls unless it recorded its own.
    static func finish(_ span: AISpan) {
        guard span.owned else { return }
        if span.kind == .agent, span.span.isSampled, let totals = span.context?.agentUsage.withLock({ $0 }),
            !totals.explicit, let sum = totals.sum
        {
            AISpan.write(sum, on: span.span)
        }
        span.span.finish()
    }

    /// Runs `body` in a span of `kind`. Inlined into each helper, with the span (and an agent's
    /// context) bound in the helper's own frame: every async frame between the caller and `body`
    /// costs executor checks.
    @inline(__always)
    static func run<Result>(
        kind: AISpan.Kind, describe: (_ enclosingAgent: String?) -> Description, isolation: isolated (any Actor)?,
        _ body: (AISpan) async throws -> Result
    ) async rethrows -> Result {
        let started = self.start(kind: kind, describe: describe)
        defer { finish(started.span) }
        let span = started.span
        let bindings = bind(started)
        defer { for _ in 0..<bindings { TaskLocalBinding.unbind() } }
        do { return try await body(span) } catch { throw AIErrorCapture.recorded(error, on: span.span) }
    }

    /// Binds what `started` binds for its body; returns how many bindings to undo.
    @inline(__always)
    private static func bind(_ started: Started) -> Int {
        guard started.bindsSpan else { return 0 }
        TaskLocalBinding.bind(started.span.span, to: Scopes.$boundSpan)
        guard let context = started.context else { return 1 }
        TaskLocalBinding.bind(context, to: AIContext.$current)
        return 2
    }

    /// Runs synchronous `body` in a span of `kind`.
    static func run<Result>(
        kind: AISpan.Kind, describe: (_ enclosingAgent: String?) -> Description, _ body: (AISpan) throws -> Result
    ) rethrows -> Result {
        let started = self.start(kind: kind, describe: describe)
        defer { finish(started.span) }
        let span = started.span
        switch (started.bindsSpan, started.context) {
        case (true, let context?):
            return try Scopes.$boundSpan.withValue(span.span) {
                try AIContext.$current.withValue(context) {
                    do { return try body(span) } catch { throw AIErrorCapture.recorded(error, on: span.span) }
                }
            }
        case (true, nil):
            return try Scopes.$boundSpan.withValue(span.span) {
                do { return try body(span) } catch { throw AIErrorCapture.recorded(error, on: span.span) }
            }
        case (false, _):
            do { return try body(span) } catch { throw AIErrorCapture.recorded(error, on: span.span) }
        }
    }
}
