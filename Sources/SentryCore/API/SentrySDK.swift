// Public only so the inlined "is any SDK started?" check can read the routes word.
public import Synchronization

/// The SDK's entry points. Library authors call these freely: with no SDK started, each call is
/// one atomic load and returns; message and breadcrumb arguments are not even built.
///
/// Apps start the SDK with `SentrySDK.start { options in … }` from the `Sentry` module.
public enum SentrySDK {
    /// Bit 0: a hub is installed globally; bit 1: it takes logs; bit 2: it takes metrics; the
    /// rest counts task-local hub bindings (in eights).
    @usableFromInline static let routes = Atomic<Int>(0)
    @usableFromInline static let taskBinding = 8
    private static let installedHub = Locked<(any Hub)?>(nil)
    /// The installed hub for readers, without a lock: a pointer to a box that is never freed
    /// (a replaced hub's box is kept in `retiredBoxes`; starting the SDK is rare).
    private static let currentBox = Atomic<UInt>(0)
    private static let retiredBoxes = Locked<[HubBox]>([])
    @TaskLocal private static var taskHub: (any Hub)?

    /// Whether an SDK is started (or a hub is bound to this task).
    public static var isEnabled: Bool { hub != nil }

    /// The options of the started SDK; `nil` when none is started.
    public static var options: Options? { hub?.options }

    /// The hub calls go to: the task's own (tests), else the started one. When none is, this is
    /// one relaxed atomic load.
    @usableFromInline static var hub: (any Hub)? {
        guard routes.load(ordering: .relaxed) != 0 else { return nil }
        if let taskHub { return taskHub }
        guard let box = UnsafeRawPointer(bitPattern: currentBox.load(ordering: .acquiring)) else { return nil }
        return Unmanaged<HubBox>.fromOpaque(box).takeUnretainedValue().hub
    }

    /// Whether no SDK is started and no test hub is bound: inlined into every call site, so the
    /// disabled path is one relaxed load and a branch.
    @inlinable static var isOff: Bool { routes.load(ordering: .relaxed) == 0 }

    /// Whether nothing takes structured logs (inlined, one load).
    @inlinable static var logsAreOff: Bool {
        let current = routes.load(ordering: .relaxed)
        return current & 2 == 0 && current < 8
    }

    /// Whether nothing takes metrics (inlined, one load).
    @inlinable static var metricsAreOff: Bool {
        let current = routes.load(ordering: .relaxed)
        return current & 4 == 0 && current < 8
    }

    /// The hub, when it takes structured logs: one relaxed atomic load when logs are off.
    @usableFromInline static var logHub: (any Hub)? { hub(accepting: 2) }

    /// The hub, when it takes metrics: one relaxed atomic load when metrics are off.
    @usableFromInline static var metricHub: (any Hub)? { hub(accepting: 4) }

    private static func hub(accepting feature: Int) -> (any Hub)? {
        let current = routes.load(ordering: .relaxed)
        guard current & feature != 0 || current >= taskBinding else { return nil }
        return hub
    }

    /// Runs `body` with every façade call in this task (and its child tasks) going to `hub`.
    /// `SentryTesting` uses it so parallel tests each see only their own events.
    public static func withHub<Result>(_ hub: any Hub, _ body: () throws -> Result) rethrows -> Result {
        routes.wrappingAdd(taskBinding, ordering: .relaxed)
        defer { routes.wrappingSubtract(taskBinding, ordering: .relaxed) }
        return try $taskHub.withValue(hub) { try body() }
    }

    /// Runs async `body` with every façade call in this task (and its child tasks) going to `hub`.
    public static func withHub<Result>(
        _ hub: any Hub, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Result
    ) async rethrows -> Result {
        routes.wrappingAdd(taskBinding, ordering: .relaxed)
        defer { routes.wrappingSubtract(taskBinding, ordering: .relaxed) }
        return try await $taskHub.withValue(hub, operation: body, isolation: isolation)
    }

    /// Installs `hub` as the target of every call, returning the one it replaces.
    /// Called by `SentrySDK.start` and by `SentryTesting`; apps do not call it.
    @discardableResult
    public static func install(_ hub: any Hub) -> (any Hub)? {
        let previous = installedHub.withLock { current in
            defer { current = hub }
            return current
        }
        let box = HubBox(hub)
        retiredBoxes.withLock { $0.append(box) }
        currentBox.store(UInt(bitPattern: Unmanaged.passUnretained(box).toOpaque()), ordering: .releasing)
        routes.bitwiseAnd(~7, ordering: .relaxed)
        routes.bitwiseOr(1 | (hub.options.enableLogs ? 2 : 0) | (hub.options.enableMetrics ? 4 : 0), ordering: .releasing)
        return previous
    }

    /// Removes the installed hub (without closing it) and returns it.
    @discardableResult
    public static func uninstall() -> (any Hub)? {
        routes.bitwiseAnd(~7, ordering: .releasing)
        currentBox.store(0, ordering: .releasing)
        return installedHub.withLock { current in
            defer { current = nil }
            return current
        }
    }

    // MARK: Capturing

    /// Captures an error; returns the event id (``SentryId/empty`` when no SDK is started).
    @inlinable @discardableResult
    public static func capture(error: @autoclosure () -> any Error) -> SentryId {
        guard !isOff, let hub else { return .empty }
        return hub.capture(error: error(), hint: .none)
    }

    /// Captures an error with attachments or scope changes for this event only.
    @inlinable @discardableResult
    public static func capture(error: @autoclosure () -> any Error, hint: @autoclosure () -> CaptureHint) -> SentryId {
        guard !isOff, let hub else { return .empty }
        return hub.capture(error: error(), hint: hint())
    }

    /// Captures an error with changes to the scope for this event only.
    @inlinable @discardableResult
    public static func capture(error: any Error, configureScope: @escaping @Sendable (inout Scope) -> Void) -> SentryId {
        capture(error: error, hint: CaptureHint(scope: configureScope))
    }

    /// Captures a message at `level` (default `info`).
    @inlinable @discardableResult
    public static func capture(message: @autoclosure () -> String, level: SentryLevel = .info) -> SentryId {
        guard !isOff, let hub else { return .empty }
        return hub.capture(message: message(), level: level, hint: .none)
    }

    /// Captures a message with attachments or scope changes for this event only.
    @inlinable @discardableResult
    public static func capture(
        message: @autoclosure () -> String, level: SentryLevel = .info, hint: @autoclosure () -> CaptureHint
    ) -> SentryId {
        guard !isOff, let hub else { return .empty }
        return hub.capture(message: message(), level: level, hint: hint())
    }

    /// Captures a prepared event.
    @inlinable @discardableResult
    public static func capture(event: @autoclosure () -> Event) -> SentryId {
        guard !isOff, let hub else { return .empty }
        return hub.capture(event: event(), hint: .none)
    }

    /// Captures a prepared event with attachments or scope changes for this event only.
    @inlinable @discardableResult
    public static func capture(event: @autoclosure () -> Event, hint: @autoclosure () -> CaptureHint) -> SentryId {
        guard !isOff, let hub else { return .empty }
        return hub.capture(event: event(), hint: hint())
    }

    // MARK: Scope

    /// Records a breadcrumb on the isolation scope (after `beforeBreadcrumb`).
    @inlinable
    public static func addBreadcrumb(_ breadcrumb: @autoclosure () -> Breadcrumb) {
        guard !isOff, let hub else { return }
        hub.addBreadcrumb(breadcrumb())
    }

    /// Changes the isolation scope (tags, user, contexts…): the scope of the current request or
    /// job, or the process when there is none.
    @inlinable
    public static func configureScope(_ body: (inout Scope) -> Void) {
        guard !isOff, let hub else { return }
        hub.configureScope(body)
    }

    /// Sets a tag on the current scope.
    @inlinable
    public static func setTag(_ value: String, forKey key: String) {
        configureScope { $0.setTag(value, forKey: key) }
    }

    /// Sets the user on the current scope.
    @inlinable
    public static func setUser(_ user: User?) {
        configureScope { $0.user = user }
    }

    /// Sets an extra value on the current scope.
    @inlinable
    public static func setExtra(_ value: JSONValue, forKey key: String) {
        configureScope { $0.setExtra(value, forKey: key) }
    }

    /// Sets a custom context on the current scope.
    @inlinable
    public static func setContext(_ value: JSONValue, forKey key: String) {
        configureScope { $0.setContext(value, forKey: key) }
    }

    /// Records a feature-flag evaluation; the last 100 go with every error event.
    @inlinable
    public static func addFeatureFlag(_ name: String, result: Bool) {
        configureScope { $0.addFeatureFlag(name, result: result) }
    }

    /// Runs `body` with a fork of the current scope: what `body` sets on it stays inside.
    @discardableResult
    @inlinable
    public static func withScope<Result>(_ body: (ScopeHandle) throws -> Result) rethrows -> Result {
        try Scopes.withScope(body)
    }

    /// Runs async `body` with a fork of the current scope.
    @discardableResult
    @inlinable
    public static func withScope<Result>(
        isolation: isolated (any Actor)? = #isolation, _ body: (ScopeHandle) async throws -> Result
    ) async rethrows -> Result {
        try await Scopes.withScope(isolation: isolation, body)
    }

    /// Runs `body` in its own isolation scope, as for one request or job: top-level setters
    /// inside (`setTag`, `setUser`, breadcrumbs) stay inside.
    @discardableResult
    @inlinable
    public static func withIsolationScope<Result>(_ body: (ScopeHandle) throws -> Result) rethrows -> Result {
        try Scopes.withIsolationScope(body)
    }

    /// Runs async `body` in its own isolation scope.
    @discardableResult
    @inlinable
    public static func withIsolationScope<Result>(
        isolation: isolated (any Actor)? = #isolation, _ body: (ScopeHandle) async throws -> Result
    ) async rethrows -> Result {
        try await Scopes.withIsolationScope(isolation: isolation, body)
    }

    // MARK: Tracing

    /// Starts a span: a child of the active span, or a transaction when none is active.
    /// Finish it with `finish()`; it is not bound as the active span (see ``withSpan(operation:name:_:)-(_,_,(any Span) throws -> Result)``).
    @inlinable
    public static func startSpan(operation: String, name: String? = nil) -> any Span {
        guard !isOff, let hub else { return NoOpSpan.shared }
        return hub.startSpan(SpanStart(operation: operation, name: name))
    }

    /// Starts a span described in full (parent, trace to continue, origin, sampling…).
    @inlinable
    public static func startSpan(_ start: SpanStart) -> any Span {
        guard !isOff, let hub else { return NoOpSpan.shared }
        return hub.startSpan(start)
    }

    /// Starts a transaction, even when a span is active.
    @inlinable
    public static func startTransaction(name: String, operation: String) -> any Span {
        guard !isOff, let hub else { return NoOpSpan.shared }
        return hub.startSpan(SpanStart(operation: operation, name: name, startsTransaction: true))
    }

    /// The active span, if any.
    public static var activeSpan: (any Span)? {
        guard hub != nil else { return nil }
        return Scopes.activeSpan
    }

    /// Runs `body` inside a new active span and finishes it afterwards; a thrown error marks it
    /// `internal_error`. Spans started and errors captured inside attach to it.
    @discardableResult
    @inlinable
    public static func withSpan<Result>(
        operation: String, name: String? = nil, _ body: (any Span) throws -> Result
    ) rethrows -> Result {
        guard !isOff, let hub else { return try body(NoOpSpan.shared) }
        let span = hub.startSpan(SpanStart(operation: operation, name: name))
        defer { span.finish() }
        do {
            return try Scopes.withActiveSpan(span) { try body(span) }
        } catch {
            span.setStatus(.internalError)
            throw error
        }
    }

    /// Runs async `body` inside a new active span and finishes it afterwards.
    @discardableResult
    @inlinable
    public static func withSpan<Result>(
        operation: String, name: String? = nil, isolation: isolated (any Actor)? = #isolation,
        _ body: (any Span) async throws -> Result
    ) async rethrows -> Result {
        guard !isOff, let hub else { return try await body(NoOpSpan.shared) }
        let span = hub.startSpan(SpanStart(operation: operation, name: name))
        defer { span.finish() }
        do {
            return try await Scopes.withActiveSpan(span, isolation: isolation) { try await body(span) }
        } catch {
            span.setStatus(.internalError)
            throw error
        }
    }

    /// Continues an incoming trace (`sentry-trace`, `baggage`, `traceparent` headers, any case)
    /// in the current isolation scope; call it inside ``withIsolationScope(_:)-(_)`` per request.
    public static func continueTrace(headers: [String: String]) {
        hub?.continueTrace(headers: headers)
    }

    /// The headers to add to an outgoing request to `url` so the trace continues there:
    /// `sentry-trace` and `baggage` (and `traceparent` when enabled); empty when `url` does not
    /// match `tracePropagationTargets` or no SDK is started.
    public static func traceHeaders(for url: String? = nil) -> [String: String] {
        hub?.traceHeaders(for: url) ?? [:]
    }

    // MARK: Logs and metrics

    /// Structured logs: `SentrySDK.logger.info("…")`.
    public static let logger = SentryLogger()

    /// Trace-connected metrics: `SentrySDK.metrics.count(key: "…")`.
    public static let metrics = SentryMetricsAPI()

    // MARK: Release health

    /// Starts an application-mode session (for a CLI or job; servers use request sessions).
    public static func startSession() { hub?.startSession() }

    /// Ends the application-mode session.
    public static func endSession() { hub?.endSession() }

    /// Runs `body` as one request: its own isolation scope and a request-mode session that ends
    /// `exited`, `errored` (an error was captured) or `crashed` (`body` threw).
    @discardableResult
    public static func withRequestSession<Result>(_ body: (ScopeHandle) throws -> Result) rethrows -> Result {
        try withIsolationScope { scope in
            let session = hub?.startRequestSession()
            do {
                let result = try body(scope)
                if let session { hub?.endRequestSession(session, crashed: false) }
                return result
            } catch {
                if let session { hub?.endRequestSession(session, crashed: true) }
                throw error
            }
        }
    }

    /// Runs async `body` as one request (see the synchronous variant).
    @discardableResult
    public static func withRequestSession<Result>(
        isolation: isolated (any Actor)? = #isolation, _ body: (ScopeHandle) async throws -> Result
    ) async rethrows -> Result {
        try await withIsolationScope(isolation: isolation) { scope in
            let session = hub?.startRequestSession()
            do {
                let result = try await body(scope)
                if let session { hub?.endRequestSession(session, crashed: false) }
                return result
            } catch {
                if let session { hub?.endRequestSession(session, crashed: true) }
                throw error
            }
        }
    }

    // MARK: Lifecycle

    /// Waits up to `timeout` for queued data to be sent; `true` when everything went.
    @discardableResult
    public static func flush(timeout: Duration = .seconds(2)) -> Bool {
        hub?.flush(timeout: timeout) ?? true
    }

    /// Flushes within `timeout`, then stops the SDK. Later calls are no-ops.
    public static func close(timeout: Duration = .seconds(2)) {
        uninstall()?.close(timeout: timeout)
    }
}

/// Holds the installed hub at a stable address for lock-free reads.
private final class HubBox: Sendable {
    let hub: any Hub
    init(_ hub: any Hub) { self.hub = hub }
}
