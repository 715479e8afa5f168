import SentryCore

/// Starts an AI span, binds it (and the AI context) for the body, captures an escaping error
/// once, and finishes the span.
enum AISpanRunner {
    /// The span and context for a new AI span of `kind`, described by `describe` when sampled.
    static func start(
        _ start: SpanStart, kind: AISpan.Kind, agentName: String? = nil, describe: (AISpan) -> Void
    ) -> (span: AISpan, bound: AIContext) {
        let parent = AIContext.current
        let span = SentrySDK.startSpan(start)
        let sampled = span.isSampled
        let recordsContent = sampled && (SentrySDK.options.map(AIMonitoringIntegration.recordsContent) ?? false)
        let bound: AIContext
        switch kind {
        case .agent:
            bound = AIContext(agentName: agentName, ledger: parent?.ledger ?? AIErrorLedger(), isAgent: true)
        default:
            bound = parent ?? AIContext(agentName: nil, ledger: AIErrorLedger(), isAgent: false)
        }
        let aiSpan = AISpan(span: span, recordsContent: recordsContent, kind: kind, context: kind == .agent ? bound : parent)
        if sampled { describe(aiSpan) }
        return (aiSpan, bound)
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
        _ start: SpanStart, kind: AISpan.Kind, agentName: String? = nil, describe: (AISpan) -> Void,
        isolation: isolated (any Actor)?, _ body: (AISpan) async throws -> Result
    ) async rethrows -> Result {
        guard SentrySDK.isEnabled else { return try await body(.noop) }
        let (span, bound) = self.start(start, kind: kind, agentName: agentName, describe: describe)
        defer { finish(span) }
        return try await Scopes.withActiveSpan(span.span, isolation: isolation) {
            try await AIContext.$current.withValue(bound, operation: {
                do {
                    return try await body(span)
                } catch {
                    AIErrorCapture.record(error, on: span.span, ledger: bound.ledger)
                    throw error
                }
            }, isolation: isolation)
        }
    }

    static func run<Result>(
        _ start: SpanStart, kind: AISpan.Kind, agentName: String? = nil, describe: (AISpan) -> Void,
        _ body: (AISpan) throws -> Result
    ) rethrows -> Result {
        guard SentrySDK.isEnabled else { return try body(.noop) }
        let (span, bound) = self.start(start, kind: kind, agentName: agentName, describe: describe)
        defer { finish(span) }
        return try Scopes.withActiveSpan(span.span) {
            try AIContext.$current.withValue(bound) {
                do {
                    return try body(span)
                } catch {
                    AIErrorCapture.record(error, on: span.span, ledger: bound.ledger)
                    throw error
                }
            }
        }
    }
}
