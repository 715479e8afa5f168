// Public only so the inlined "is any SDK started?" check can read the routes word.
public import Synchronization

/// The SDK's entry points. Library authors call these freely: with no SDK started, each call is
/// one atomic load and returns; message and breadcrumb arguments are not even built.
///
/// Apps start the SDK with `SentrySDK.start { options in … }` from the `Sentry` module.
public enum SentrySDK {
    /// What calls may reach: ``Route/hubInstalled``, ``Route/takesLogs``, ``Route/takesMetrics`` and
    /// ``Route/tracesSpans`` in the low bits; the rest counts task-local hub bindings (in units of ``Route/taskBinding``).
    @usableFromInline static let routes = Atomic<Int>(0)

    /// The bits of ``routes`` (computed, so inlined call sites fold them to constants).
    @usableFromInline enum Route {
        /// A hub is installed globally.
        @inlinable static var hubInstalled: Int { 1 }
        /// The installed hub takes structured logs.
        @inlinable static var takesLogs: Int { 2 }
        /// The installed hub takes metrics.
        @inlinable static var takesMetrics: Int { 4 }
        /// The installed hub samples spans (a traces sample rate or sampler is set).
        @inlinable static var tracesSpans: Int { 8 }
        /// The four flags above.
        @inlinable static var installedFlags: Int { hubInstalled | takesLogs | takesMetrics | tracesSpans }
        /// One task-local hub binding; every value at or above it means at least one is bound.
        @inlinable static var taskBinding: Int { 16 }
    }
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

    /// What `read` makes of the started SDK's options, read in place (no copy of them all);
    /// `nil` when none is started.
    package static func withOptions<Result>(_ read: (Options) -> Result) -> Result? { hub?.withOptions(read) }

    /// The hub calls go to: the task's own (tests), else the started one. When none is, this is
    /// one relaxed atomic load. When one is, a thread that meets it for the first time while the
    /// crash handler is installed gets an alternate signal stack (``SignalStack``; afterwards one
    /// relaxed load and one thread-specific read). The task-local is read only while some task
    /// has a hub bound (``withHub(_:_:)`` counts its bindings in ``routes``), so a started SDK
    /// with no test around pays no task-local lookup.
    @usableFromInline static var hub: (any Hub)? {
        let current = routes.load(ordering: .relaxed)
        guard current != 0 else { return nil }
        SignalStack.prepareIfWanted()
        if current >= Route.taskBinding, let taskHub = TaskLocalBinding.value(of: $taskHub) { return taskHub }
        guard let box = UnsafeRawPointer(bitPattern: currentBox.load(ordering: .acquiring)) else { return nil }
        return Unmanaged<HubBox>.fromOpaque(box).takeUnretainedValue().hub
    }

    /// Whether no SDK is started and no test hub is bound: inlined into every call site, so the
    /// disabled path is one relaxed load and a branch.
    @inlinable static var isOff: Bool { routes.load(ordering: .relaxed) == 0 }

    /// Whether nothing takes structured logs (inlined, one load).
    @inlinable static var logsAreOff: Bool {
        let current = routes.load(ordering: .relaxed)
        return current & Route.takesLogs == 0 && current < Route.taskBinding
    }

    /// Whether nothing takes metrics (inlined, one load).
    @inlinable static var metricsAreOff: Bool {
        let current = routes.load(ordering: .relaxed)
        return current & Route.takesMetrics == 0 && current < Route.taskBinding
    }

    /// Whether no span is sampled unless its start forces it (no SDK, or one started without a
    /// traces sample rate or sampler) and no test hub is bound: inlined, one load.
    @inlinable package static var tracingIsOff: Bool {
        let current = routes.load(ordering: .relaxed)
        return current & Route.tracesSpans == 0 && current < Route.taskBinding
    }

    /// The hub, when it takes structured logs: one relaxed atomic load when logs are off.
    @usableFromInline static var logHub: (any Hub)? { hub(accepting: Route.takesLogs) }

    /// The hub, when it takes metrics: one relaxed atomic load when metrics are off.
    @usableFromInline static var metricHub: (any Hub)? { hub(accepting: Route.takesMetrics) }

    private static func hub(accepting feature: Int) -> (any Hub)? {
        let current = routes.load(ordering: .relaxed)
        guard current & feature != 0 || current >= Route.taskBinding else { return nil }
        return hub
    }

    /// Runs `body` with every façade call in this task (and its child tasks) going to `hub`.
    /// `SentryTesting` uses it so parallel tests each see only their own events.
    public static func withHub<Result>(_ hub: any Hub, _ body: () throws -> Result) rethrows -> Result {
        routes.wrappingAdd(Route.taskBinding, ordering: .relaxed)
        defer { routes.wrappingSubtract(Route.taskBinding, ordering: .relaxed) }
        return try $taskHub.withValue(hub) { try body() }
    }

    /// Runs async `body` with every façade call in this task (and its child tasks) going to `hub`.
    public static func withHub<Result>(
        _ hub: any Hub, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Result
    ) async rethrows -> Result {
        routes.wrappingAdd(Route.taskBinding, ordering: .relaxed)
        defer { routes.wrappingSubtract(Route.taskBinding, ordering: .relaxed) }
        TaskLocalBinding.bind(hub, to: $taskHub)
        defer { TaskLocalBinding.unbind() }
        return try await body()
    }

    /// Installs `hub` as the target of every call, returning the one it replaces.
    /// Called by `SentrySDK.start` and by `SentryTesting`; apps do not call it.
    @discardableResult
    package static func install(_ hub: any Hub) -> (any Hub)? {
        let previous = installedHub.withLock { current in
            defer { current = hub }
            return current
        }
        let box = HubBox(hub)
        retiredBoxes.withLock { $0.append(box) }
        currentBox.store(UInt(bitPattern: Unmanaged.passUnretained(box).toOpaque()), ordering: .releasing)
        routes.bitwiseAnd(~Route.installedFlags, ordering: .relaxed)
        routes.bitwiseOr(
            Route.hubInstalled | (hub.options.enableLogs ? Route.takesLogs : 0)
                | (hub.options.enableMetrics ? Route.takesMetrics : 0)
                | (hub.options.tracesSampleRate != nil || hub.options.tracesSampler != nil ? Route.tracesSpans : 0),
            ordering: .releasing)
        return previous
    }

    /// Removes the installed hub (without closing it) and returns it.
    @discardableResult
    package static func uninstall() -> (any Hub)? {
        routes.bitwiseAnd(~Route.installedFlags, ordering: .releasing)
        currentBox.store(0, ordering: .releasing)
        return installedHub.withLock { current in
            defer { current = nil }
            return current
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

/// Holds the installed hub at a stable address for lock-free reads.
private final class HubBox: Sendable {
    let hub: any Hub
    init(_ hub: any Hub) { self.hub = hub }
}
