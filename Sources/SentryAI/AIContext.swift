import SentryCore

/// What the AI spans of one task share, bound as a task-local by the outermost AI span: the
/// enclosing agent (its name, and the usage of the calls inside it). Non-agent spans bind the
/// shared ``root`` marker, so nested spans know they are nested without any allocation.
final class AIContext: Sendable {
    /// The enclosing agent's name, for `gen_ai.agent.name` on calls and tools inside it.
    let agentName: String?
    /// For an agent: the summed usage of the calls inside it, and whether the agent recorded its own.
    let agentUsage: Locked<(sum: AIUsage?, explicit: Bool)>?

    init(agentName: String?, isAgent: Bool) {
        self.agentName = agentName
        self.agentUsage = isAgent ? Locked((nil, false)) : nil
    }

    /// The marker bound by an outermost AI span that is no agent.
    static let root = AIContext(agentName: nil, isAgent: false)

    /// The context of the AI span this task runs in (`nil` outside any).
    @TaskLocal static var current: AIContext?
}

/// The errors captured by AI spans that are still propagating, by task, type and description:
/// an error leaving several nested AI spans is captured once, by the innermost, and the
/// outermost forgets it again (so the same error thrown later, say by a retry, is captured).
/// Touched only when an error leaves an AI span.
enum AIErrorLedger {
    private static let entries = Locked<[(task: Int, key: String)]>([])

    /// Whether `error` is seen here for the first time in this task; remembers it unless
    /// `outermost` (then forgets it).
    static func firstSighting(of error: any Error, outermost: Bool) -> Bool {
        let task = withUnsafeCurrentTask { $0?.hashValue ?? 0 }
        let key = String(reflecting: type(of: error)) + "\u{0}" + String(describing: error)
        return entries.withLock { entries in
            let index = entries.firstIndex { $0.task == task && $0.key == key }
            if let index {
                if outermost { entries.remove(at: index) }
                return false
            }
            if !outermost {
                if entries.count >= 64 { entries.removeFirst() }
                entries.append((task, key))
            }
            return true
        }
    }
}
