import Synchronization

/// Where the three scopes live: one global, the isolation scope (per request or job) and the
/// current scope (per `withScope` block or span), the last two bound as task-locals.
///
/// Child tasks inherit the bound scopes; `Task.detached` does not (it starts from the process
/// defaults). Outside Swift concurrency the bindings are per thread.
public enum Scopes {
    /// The process-wide scope, applied to every event first.
    public static let global = ScopeHandle()
    private static let defaultIsolation = ScopeHandle()
    private static let defaultCurrent = ScopeHandle()

    @TaskLocal static var boundIsolation: ScopeHandle?
    @TaskLocal static var boundCurrent: ScopeHandle?
    /// The span ``withActiveSpan(_:_:)`` binds (package, so helpers in other modules that bind
    /// a span around an async body can do it in one frame).
    @TaskLocal package static var boundSpan: (any Span)?
    private static let spanSource = Locked<(any ActiveSpanSource)?>(nil)
    private static let hasSpanSource = Atomic<Bool>(false)

    /// The isolation scope of this task (or the process default).
    public static var isolation: ScopeHandle { TaskLocalBinding.value(of: $boundIsolation) ?? defaultIsolation }

    /// The current scope of this task (or the process default).
    public static var current: ScopeHandle { TaskLocalBinding.value(of: $boundCurrent) ?? defaultCurrent }

    /// The three scopes in merge order (global, isolation, current), the active span on the last.
    package static var all: [Scope] {
        var currentScope = current.snapshot
        if let span = activeSpan { currentScope.span = span }
        return [global.snapshot, isolation.snapshot, currentScope]
    }

    /// The span bound to this task by ``withActiveSpan(_:_:)``, else the one an installed
    /// ``ActiveSpanSource`` knows (e.g. swift-distributed-tracing's context).
    public static var activeSpan: (any Span)? {
        if let boundSpan = TaskLocalBinding.value(of: $boundSpan) { return boundSpan }
        guard hasSpanSource.load(ordering: .acquiring) else { return nil }
        return spanSource.withLock { $0 }?.activeSpan
    }

    /// Installs (or removes, with `nil`) the fallback source of the active span.
    public static func setActiveSpanSource(_ source: (any ActiveSpanSource)?) {
        spanSource.withLock { $0 = source }
        hasSpanSource.store(source != nil, ordering: .releasing)
    }

    /// Runs `body` with `span` as the active span: children and captured errors attach to it.
    public static func withActiveSpan<Result>(_ span: any Span, _ body: () throws -> Result) rethrows -> Result {
        try $boundSpan.withValue(span) { try body() }
    }

    /// Runs async `body` with `span` as the active span.
    public static func withActiveSpan<Result>(
        _ span: any Span, isolation actor: isolated (any Actor)? = #isolation, _ body: () async throws -> Result
    ) async rethrows -> Result {
        TaskLocalBinding.bind(span, to: $boundSpan)
        defer { TaskLocalBinding.unbind() }
        return try await body()
    }

    /// Runs `body` with a fork of the current scope; changes inside never leak out.
    public static func withScope<Result>(_ body: (ScopeHandle) throws -> Result) rethrows -> Result {
        let fork = current.fork()
        return try $boundCurrent.withValue(fork) { try body(fork) }
    }

    /// Runs async `body` with a fork of the current scope.
    public static func withScope<Result>(
        isolation actor: isolated (any Actor)? = #isolation, _ body: (ScopeHandle) async throws -> Result
    ) async rethrows -> Result {
        let fork = current.fork()
        TaskLocalBinding.bind(fork, to: $boundCurrent)
        defer { TaskLocalBinding.unbind() }
        return try await body(fork)
    }

    /// Runs `body` with forks of the isolation and current scopes (one per request or job).
    public static func withIsolationScope<Result>(_ body: (ScopeHandle) throws -> Result) rethrows -> Result {
        let isolationFork = isolation.fork()
        let currentFork = current.fork()
        return try $boundIsolation.withValue(isolationFork) {
            try $boundCurrent.withValue(currentFork) { try body(isolationFork) }
        }
    }

    /// Runs async `body` with forks of the isolation and current scopes.
    public static func withIsolationScope<Result>(
        isolation actor: isolated (any Actor)? = #isolation, _ body: (ScopeHandle) async throws -> Result
    ) async rethrows -> Result {
        let isolationFork = isolation.fork()
        let currentFork = current.fork()
        TaskLocalBinding.bind(isolationFork, to: $boundIsolation)
        TaskLocalBinding.bind(currentFork, to: $boundCurrent)
        defer {
            TaskLocalBinding.unbind()
            TaskLocalBinding.unbind()
        }
        return try await body(isolationFork)
    }

    /// Forgets everything in the global and default scopes (tests, and a second `start`).
    public static func resetDefaults() {
        global.configure { $0 = Scope() }
        defaultIsolation.configure { $0 = Scope() }
        defaultCurrent.configure { $0 = Scope() }
    }
}
