/// Where tracing meets the profiler (the `SentryProfiling` module) without either importing the
/// other: the tracer tells the installed hooks when a sampled root span starts and finishes;
/// the façade's ``SentrySDK/startProfiler()`` and ``SentrySDK/stopProfiler()`` land here too.
package protocol ProfilingHooks: Sendable {
    /// A sampled root span (a transaction) started. Returns what the tracer keeps for it, or
    /// `nil` when the profiler has nothing to do with this transaction.
    func rootSpanStarted(_ context: SamplingContext, traceId: SentryId, start: SentryTimestamp) -> (any ProfiledTransaction)?
    /// Starts the continuous profiler (lifecycle `.manual`).
    func startProfiler()
    /// Stops the continuous profiler (lifecycle `.manual`); its last chunk is sent.
    func stopProfiler()
}

/// The profiler's side of one transaction, kept by the tracer from its root span's start to
/// its finish. Releasing it without ``finish(transaction:)`` ends it too.
package protocol ProfiledTransaction: Sendable {
    /// `thread.id` and `thread.name` of the calling thread, for a span's `data`.
    func threadData() -> [String: JSONValue]
    /// The transaction is about to be sent: links it to the continuous profiler
    /// (`contexts.profile.profiler_id`, thread data) or adds its `profile` item.
    func finish(transaction: inout Event)
}

/// Turns instruction addresses into frames (function, file, line, `in_app`) for profiles, on a
/// background thread. The umbrella installs one when local symbolication is available.
package protocol FrameSymbolizer: Sendable {
    /// A frame for `address`, or `nil` when nothing is known. `isReturnAddress` is `false` for
    /// the interrupted instruction at the top of a stack.
    func frame(for address: UInt64, isReturnAddress: Bool) -> Frame?
}

/// The process's profiling hooks: one profiler per process (it samples every thread).
package enum ProfilingRegistry {
    private static let installed = Locked<(any ProfilingHooks)?>(nil)
    private struct Bound: Sendable { var hooks: any ProfilingHooks }
    @TaskLocal private static var bound: Bound?

    /// The hooks bound to this task (tests), else the installed ones, if any.
    package static var current: (any ProfilingHooks)? { bound?.hooks ?? installed.withLock { $0 } }

    /// Runs `body` with `hooks` in place of the installed ones, for this task only (tests run
    /// in parallel in one process).
    package static func withHooks<Result>(_ hooks: any ProfilingHooks, _ body: () throws -> Result) rethrows -> Result {
        try $bound.withValue(Bound(hooks: hooks)) { try body() }
    }

    /// Installs `hooks`, replacing (and returning) the previous ones.
    @discardableResult
    package static func install(_ hooks: (any ProfilingHooks)?) -> (any ProfilingHooks)? {
        installed.withLock { current in
            defer { current = hooks }
            return current
        }
    }
}
