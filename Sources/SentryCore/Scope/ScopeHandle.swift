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

    @usableFromInline func withState<Result>(_ body: (inout Scope) throws -> Result) rethrows -> Result {
        try state.withLock(body)
    }

    /// A new handle with a copy of this scope (O(1): the copy shares storage until written).
    public func fork() -> ScopeHandle { ScopeHandle(snapshot) }

    /// Sets a tag.
    public func setTag(_ value: String, forKey key: String) { configure { $0.setTag(value, forKey: key) } }
    /// Sets an extra value.
    public func setExtra(_ value: JSONValue, forKey key: String) { configure { $0.setExtra(value, forKey: key) } }
    /// Sets a custom context.
    public func setContext(_ value: JSONValue, forKey key: String) { configure { $0.setContext(value, forKey: key) } }
    /// Sets the user.
    public func setUser(_ user: User?) { configure { $0.user = user } }
    /// Sets the level that overrides the event's.
    public func setLevel(_ level: SentryLevel?) { configure { $0.level = level } }
    /// Sets the fingerprint.
    public func setFingerprint(_ fingerprint: [String]) { configure { $0.fingerprint = fingerprint } }
    /// Adds a breadcrumb (without `beforeBreadcrumb`; use ``SentrySDK/addBreadcrumb(_:)`` for that).
    public func addBreadcrumb(_ breadcrumb: Breadcrumb) { configure { $0.addBreadcrumb(breadcrumb) } }
    /// Adds an attachment.
    public func addAttachment(_ attachment: Attachment) { configure { $0.addAttachment(attachment) } }
}
