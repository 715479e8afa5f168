// Changing and forking scopes.
extension SentrySDK {
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
}
