import SentryCore

/// What AI spans of one task share: the enclosing agent (its name, and the usage of the calls
/// inside it) and the ledger of errors already captured, so an error that leaves several
/// nested AI spans is captured once, by the innermost.
final class AIContext: Sendable {
    /// The enclosing agent's name, for `gen_ai.agent.name` on calls and tools inside it.
    let agentName: String?
    /// The errors captured so far in this tree of AI spans.
    let ledger: AIErrorLedger
    /// For an agent: the summed usage of the calls inside it, and whether the agent recorded its own.
    let agentUsage: Locked<(sum: AIUsage?, explicit: Bool)>?

    init(agentName: String?, ledger: AIErrorLedger, isAgent: Bool) {
        self.agentName = agentName
        self.ledger = ledger
        self.agentUsage = isAgent ? Locked((nil, false)) : nil
    }

    /// The context of the AI span this task runs in.
    @TaskLocal static var current: AIContext?
}

/// The errors already captured in one tree of AI spans, by type and description.
final class AIErrorLedger: Sendable {
    private let seen = Locked<[String]>([])

    /// Whether `error` is captured here for the first time (and remembers it).
    func firstSighting(of error: any Error) -> Bool {
        let key = String(reflecting: type(of: error)) + "\u{0}" + String(describing: error)
        return seen.withLock { seen in
            if seen.contains(key) { return false }
            if seen.count >= 16 { seen.removeFirst() }
            seen.append(key)
            return true
        }
    }
}
