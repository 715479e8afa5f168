import Synchronization

/// The SDK's entry points. Library authors call these freely: with no SDK started, each call is
/// one atomic load and returns; message and breadcrumb arguments are not even built.
///
/// Apps start the SDK with `SentrySDK.start { options in … }` from the `Sentry` module.
public enum SentrySDK {
    private static let isInstalled = Atomic<Bool>(false)
    private static let installedHub = Mutex<(any Hub)?>(nil)

    /// Whether an SDK is started.
    public static var isEnabled: Bool { isInstalled.load(ordering: .relaxed) }

    /// The started hub, if any: one relaxed atomic load when none is.
    @usableFromInline static var hub: (any Hub)? {
        guard isInstalled.load(ordering: .relaxed) else { return nil }
        return installedHub.withLock { $0 }
    }

    /// Installs `hub` as the target of every call, returning the one it replaces.
    /// Called by `SentrySDK.start` and by `SentryTesting`; apps do not call it.
    @discardableResult
    public static func install(_ hub: any Hub) -> (any Hub)? {
        let previous = installedHub.withLock { current in
            defer { current = hub }
            return current
        }
        isInstalled.store(true, ordering: .releasing)
        return previous
    }

    /// Removes the installed hub (without closing it) and returns it.
    @discardableResult
    public static func uninstall() -> (any Hub)? {
        isInstalled.store(false, ordering: .releasing)
        return installedHub.withLock { current in
            defer { current = nil }
            return current
        }
    }

    // MARK: Capturing

    /// Captures an error; returns the event id (``SentryId/empty`` when no SDK is started).
    @inlinable @discardableResult
    public static func capture(error: @autoclosure () -> any Error, hint: CaptureHint = .none) -> SentryId {
        guard let hub else { return .empty }
        return hub.capture(error: error(), hint: hint)
    }

    /// Captures an error with changes to the scope for this event only.
    @inlinable @discardableResult
    public static func capture(error: any Error, configureScope: @escaping @Sendable (inout Scope) -> Void) -> SentryId {
        capture(error: error, hint: CaptureHint(scope: configureScope))
    }

    /// Captures a message at `level` (default `info`).
    @inlinable @discardableResult
    public static func capture(
        message: @autoclosure () -> String, level: SentryLevel = .info, hint: CaptureHint = .none
    ) -> SentryId {
        guard let hub else { return .empty }
        return hub.capture(message: message(), level: level, hint: hint)
    }

    /// Captures a prepared event.
    @inlinable @discardableResult
    public static func capture(event: @autoclosure () -> Event, hint: CaptureHint = .none) -> SentryId {
        guard let hub else { return .empty }
        return hub.capture(event: event(), hint: hint)
    }

    // MARK: Scope

    /// Records a breadcrumb on the current scope.
    @inlinable
    public static func addBreadcrumb(_ breadcrumb: @autoclosure () -> Breadcrumb) {
        guard let hub else { return }
        hub.addBreadcrumb(breadcrumb())
    }

    /// Changes the current scope (tags, user, contexts…).
    @inlinable
    public static func configureScope(_ body: (inout Scope) -> Void) {
        guard let hub else { return }
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

    // MARK: Tracing

    /// Starts a span: a child of the active span, or a transaction when none is active.
    /// Finish it with `finish()`. Returns ``NoOpSpan`` when no SDK is started.
    @inlinable
    public static func startSpan(operation: String, name: String? = nil) -> any Span {
        guard let hub else { return NoOpSpan.shared }
        return hub.startSpan(operation: operation, name: name)
    }

    /// Runs `body` inside a new span and finishes it afterwards, also when `body` throws.
    @inlinable
    public static func withSpan<Result>(
        operation: String, name: String? = nil, _ body: (any Span) throws -> Result
    ) rethrows -> Result {
        let span = startSpan(operation: operation, name: name)
        defer { span.finish() }
        do {
            return try body(span)
        } catch {
            span.setStatus(.internalError)
            throw error
        }
    }

    /// Runs async `body` inside a new span and finishes it afterwards, also when `body` throws.
    @inlinable
    public static func withSpan<Result>(
        operation: String, name: String? = nil, isolation: isolated (any Actor)? = #isolation,
        _ body: (any Span) async throws -> Result
    ) async rethrows -> Result {
        let span = startSpan(operation: operation, name: name)
        defer { span.finish() }
        do {
            return try await body(span)
        } catch {
            span.setStatus(.internalError)
            throw error
        }
    }

    // MARK: Logs and metrics

    /// Structured logs: `SentrySDK.logger.info("…")`.
    public static let logger = SentryLogger()

    /// Trace-connected metrics: `SentrySDK.metrics.count(key: "…")`.
    public static let metrics = SentryMetricsAPI()

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
