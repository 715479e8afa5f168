/// One request's release-health session (request mode, for servers): errors captured while it
/// is bound to the isolation scope mark it errored; a crash marks it crashed. Finished sessions
/// are counted into per-minute aggregates, never sent one by one.
public final class RequestSession: Sendable {
    /// How a request session ended.
    public enum Outcome: Sendable, Hashable {
        case exited, errored, crashed, abnormal
    }

    /// When the request started.
    public let started: SentryTimestamp
    private let state = Locked<(errored: Bool, crashed: Bool, ended: Bool)>((false, false, false))

    /// A session starting now.
    public init(started: SentryTimestamp = .now()) { self.started = started }

    /// Notes an error event captured during the request.
    public func markErrored() { state.withLock { $0.errored = true } }

    /// Notes an unhandled error (the request crashed).
    public func markCrashed() { state.withLock { $0.crashed = true } }

    /// The outcome so far.
    public var outcome: Outcome {
        state.withLock { $0.crashed ? .crashed : ($0.errored ? .errored : .exited) }
    }

    /// Marks the session ended; returns `false` when it already was (so it is counted once).
    public func end() -> Bool {
        state.withLock { state in
            defer { state.ended = true }
            return !state.ended
        }
    }
}

/// An application-mode session (one per run of a CLI or job), shared by the scopes that carry it.
package final class SessionHandle: Sendable {
    private let state: Locked<Session>

    /// Wraps a started session.
    package init(_ session: Session) { state = Locked(session) }

    /// A copy of the session now.
    package var session: Session { state.withLock { $0 } }

    /// Counts an error; `crashed` also ends the session as crashed.
    package func recordError(crashed: Bool) {
        state.withLock { session in
            guard session.status == .ok else { return }
            session.errors += 1
            if crashed { session.status = .crashed }
        }
    }

    /// Applies `body` to the session and returns the result (for ending and sending updates).
    package func update<Result>(_ body: (inout Session) -> Result) -> Result { state.withLock(body) }
}
