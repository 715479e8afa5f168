import SentryCore

/// What the AI spans inside an agent share, bound as a task-local by the agent's span: the
/// agent's name and the usage of the calls inside it.
final class AIContext: Sendable {
    /// The enclosing agent's name, for `gen_ai.agent.name` on calls and tools inside it.
    let agentName: String?
    /// The summed usage of the calls inside the agent, and whether the agent recorded its own.
    let agentUsage = Locked<(sum: AIUsage?, explicit: Bool)>((nil, false))

    init(agentName: String?) { self.agentName = agentName }

    /// The context of the agent this task runs in (`nil` outside any).
    @TaskLocal static var current: AIContext?
}

/// The errors AI spans captured lately, by identity: an error leaving several nested AI spans
/// is captured once, by the innermost. An `any Error` is one reference to the error's box,
/// passed on unchanged as the error propagates; a new throw (a retry, say) makes a new box, so
/// it is captured again. The recent errors are kept alive (at most ``capacity``), so a box's
/// address is not reused while it is listed. Touched only when an error leaves an AI span.
enum AIErrorLedger {
    static let capacity = 32
    private static let recent = Locked<[(box: UnsafeRawPointer, error: any Error)]>([])

    /// Whether `error` is seen here for the first time; remembers it.
    static func firstSighting(of error: any Error) -> Bool {
        let box = unsafeBitCast(error as any Error, to: UnsafeRawPointer.self)
        return recent.withLock { recent in
            guard !recent.contains(where: { $0.box == box }) else { return false }
            if recent.count >= capacity { recent.removeFirst() }
            recent.append((box, error))
            return true
        }
    }
}
