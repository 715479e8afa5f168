import Synchronization

/// A scope in use: the shared, lockable home of one ``Scope`` value. The global scope, each
/// isolation scope (one per request) and each current scope (one per `withScope` block) is one.
///
/// A value with reference semantics: copies of a handle share the one scope (a fork does not).
public struct ScopeHandle: Sendable {
    private let state: Locked<Scope>
    private static let changes = Atomic<UInt64>(0)

    /// Counts changes to any scope in the process; watchers (the crash handler's prepared scope
    /// snapshot) re-read the scopes only when it moved.
    package static var changeCount: UInt64 { changes.load(ordering: .relaxed) }

    /// Creates a handle holding `scope`.
    public init(_ scope: Scope = Scope()) { state = Locked(scope) }

    /// A copy of the scope as it is now.
    public var snapshot: Scope { state.withLock { $0 } }

    /// Changes the scope.
    @inlinable
    public func configure<Result>(_ body: (inout Scope) throws -> Result) rethrows -> Result {
        noteChange()
        return try withState(body)
    }

    @usableFromInline func noteChange() { Self.changes.wrappingAdd(1, ordering: .relaxed) }

    /// Reads from the scope without changing it: unlike ``configure(_:)`` it does not count a
    /// change (which every thread's write of the shared counter, and the crash handler's
    /// re-serialization of the scopes, would pay for).
    package func read<Result>(_ body: (Scope) throws -> Result) rethrows -> Result {
        try withState { try body($0) }
    }

    @usableFromInline func withState<Result>(_ body: (inout Scope) throws -> Result) rethrows -> Result {
        try state.withLock(body)
    }

    /// A new handle with a copy of this scope (O(1): the copy shares storage until written).
    public func fork() -> ScopeHandle { ScopeHandle(snapshot) }

    // The same methods as ``Scope``'s, each forwarded in one line.

    /// Sets a tag.
    public func setTag(_ value: String, forKey key: String) { configure { $0.setTag(value, forKey: key) } }
    /// Removes a tag.
    public func removeTag(forKey key: String) { configure { $0.removeTag(forKey: key) } }
    /// Sets an extra value.
    public func setExtra(_ value: JSONValue, forKey key: String) { configure { $0.setExtra(value, forKey: key) } }
    /// Sets a custom context.
    public func setContext(_ value: JSONValue, forKey key: String) { configure { $0.setContext(value, forKey: key) } }
    /// Sets (or, with `nil`, removes) the user.
    public func setUser(_ user: User?) { configure { $0.setUser(user) } }
    /// Sets (or, with `nil`, removes) the level every event gets.
    public func setLevel(_ level: SentryLevel?) { configure { $0.setLevel(level) } }
    /// Sets the fingerprint (grouping) of every event.
    public func setFingerprint(_ fingerprint: [String]) { configure { $0.setFingerprint(fingerprint) } }
    /// Sets an attribute for logs and metrics.
    public func setAttribute(_ value: Attribute, forKey key: String) { configure { $0.setAttribute(value, forKey: key) } }
    /// Adds a breadcrumb (without `beforeBreadcrumb`; use ``SentrySDK/addBreadcrumb(_:)`` for that).
    public func addBreadcrumb(_ breadcrumb: consuming Breadcrumb) {
        var pending = Optional(consume breadcrumb)  // moved into the scope, not copied by the closure
        configure { $0.addBreadcrumb(pending.take().unsafelyUnwrapped) }
    }
    /// Removes all breadcrumbs.
    public func clearBreadcrumbs() { configure { $0.clearBreadcrumbs() } }
    /// Adds an attachment.
    public func addAttachment(_ attachment: Attachment) { configure { $0.addAttachment(attachment) } }
    /// Adds an event processor.
    public func addEventProcessor(_ processor: any EventProcessor) { configure { $0.addEventProcessor(processor) } }
    /// Records a feature-flag evaluation.
    public func addFeatureFlag(_ name: String, result: Bool) { configure { $0.addFeatureFlag(name, result: result) } }
    /// Resets everything but the breadcrumb limit and the trace.
    public func clear() { configure { $0.clear() } }
}
