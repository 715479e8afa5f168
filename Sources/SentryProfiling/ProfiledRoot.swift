import SentryCore

/// The profiler's side of one sampled transaction (``ProfiledTransaction``): links it to the
/// continuous profiler, or owns its v1 profile. Finishing twice, or never (the tracer dropped
/// it), is safe: the first of ``finish(transaction:)`` and `deinit` ends it.
///
/// `@unchecked Sendable`: `finished` is a `Locked`; everything else is immutable.
final class ProfiledRoot: ProfiledTransaction, @unchecked Sendable {
    enum Kind {
        case continuous(profilerIdAtStart: SentryId?, holdsSession: Bool)
        case transaction(profileId: SentryId, start: SentryTimestamp, startMonotonic: UInt64)
    }

    private let profiler: SentryProfiler
    let kind: Kind
    let threadId: Int32
    private let threadName: String
    private let finished = Locked(false)

    init(profiler: SentryProfiler, kind: Kind, threadId: Int32) {
        self.profiler = profiler
        self.kind = kind
        self.threadId = threadId
        threadName = ThreadDirectory.currentThreadName()
    }

    deinit { end() }

    func threadData() -> [String: JSONValue] {
        let tid = ThreadDirectory.currentThreadId()
        let name = tid == threadId ? threadName : ThreadDirectory.currentThreadName()
        return ["thread.id": .string(String(tid)), "thread.name": .string(name)]
    }

    func finish(transaction event: inout Event) {
        guard finished.withLock({ done in defer { done = true }; return !done }) else { return }
        var traceData = event.contexts.trace?.data ?? [:]
        traceData["thread.id"] = .string(String(threadId))
        traceData["thread.name"] = .string(threadName)
        event.contexts.trace?.data = traceData
        switch kind {
        case .continuous(let atStart, let holdsSession):
            if let profilerId = profiler.profilerId ?? atStart {
                event.contexts.other["profile"] = .object(["profiler_id": .string(profilerId.description)])
            }
            if holdsSession { profiler.traceRootFinished() }
        case .transaction(let profileId, let start, let startMonotonic):
            if let item = profiler.transactionProfile(
                profileId: profileId, start: start, startMonotonic: startMonotonic, activeThreadId: threadId, event: event)
            {
                event.envelopeItems.append(item)
                event.contexts.other["profile"] = .object(["profile_id": .string(profileId.description)])
            }
            profiler.transactionFinished(self)
        }
    }

    private func end() {
        guard finished.withLock({ done in defer { done = true }; return !done }) else { return }
        switch kind {
        case .continuous(_, let holdsSession):
            if holdsSession { profiler.traceRootFinished() }
        case .transaction:
            profiler.transactionFinished(self)
        }
    }
}
