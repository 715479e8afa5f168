import SentryCore

/// Starts an AI span, binds what the body needs, captures an escaping error once, and finishes
/// the span. The costs are kept to the sampled path: attributes go in with the start (one lock,
/// no hashing); under a parent that is not sent nothing is started or bound.
@usableFromInline
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

    /// What a sampled AI span starts with: the span to start (with its attributes), the agent's name.
    typealias Description = (start: SpanStart, agentName: String?)

    /// Starts a span of `kind` (the helpers call it only while tracing is on). `describe` gets the
    /// enclosing agent's name and runs only when the span can be sent: under a parent that is not
    /// sent nothing is started (the parent stands in, and is not finished).
    static func start(kind: AISpan.Kind, describe: (_ enclosingAgent: String?) -> Description) -> Started {
        let active = Scopes.activeSpan
        if let active, !active.isSampled {
            return Started(span: AISpan(span: active, kind: .other, context: nil, owned: false), context: nil)
        }
        let enclosing = AIContext.current
        var (start, agentName) = describe(enclosing?.agentName)
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

    /// Starts a span of `kind` and binds it (and an agent's context) until ``Bound/end()``, which
    /// the async function that called this must call itself (`SentrySDK.runAI`): the bindings
    /// live on the task's allocation stack. No async frame lies between the caller and the body,
    /// since each costs executor checks.
    static func begin(kind: AISpan.Kind, describe: (_ enclosingAgent: String?) -> Description) -> Bound {
        let started = start(kind: kind, describe: describe)
        guard started.bindsSpan else { return Bound(span: started.span, bindings: 0) }
        TaskLocalBinding.bind(started.span.span, to: Scopes.$boundSpan)
        guard let context = started.context else { return Bound(span: started.span, bindings: 1) }
        TaskLocalBinding.bind(context, to: AIContext.$current)
        return Bound(span: started.span, bindings: 2)
    }

    /// An AI span bound for an async body by ``begin(kind:describe:)``.
    @usableFromInline
    struct Bound: Sendable {
        /// The span the body gets.
        @usableFromInline let span: AISpan
        /// How many task-local bindings ``end()`` undoes.
        let bindings: Int

        /// Records `error` on the span (captured once) and returns it, to be rethrown.
        @usableFromInline
        func failed(_ error: any Error) -> any Error { AIErrorCapture.recorded(error, on: span.span) }

        /// Undoes the bindings and finishes the span.
        @usableFromInline
        func end() {
            for _ in 0..<bindings { TaskLocalBinding.unbind() }
            AISpanRunner.finish(span)
        }
    }

    /// Runs synchronous `body` in a span of `kind`, bound the same way as an async body.
    static func run<Result>(
        kind: AISpan.Kind, describe: (_ enclosingAgent: String?) -> Description, _ body: (AISpan) throws -> Result
    ) rethrows -> Result {
        let bound = begin(kind: kind, describe: describe)
        defer { bound.end() }
        do { return try body(bound.span) } catch { throw bound.failed(error) }
    }
}
