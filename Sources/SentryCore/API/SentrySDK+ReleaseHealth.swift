// Release health: application and request sessions.
extension SentrySDK {
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
            var crashed = true  // until `body` returns
            defer { if let session { hub?.endRequestSession(session, crashed: crashed) } }
            let result = try body(scope)
            crashed = false
            return result
        }
    }

    /// Runs async `body` as one request (see the synchronous variant).
    @discardableResult
    public static func withRequestSession<Result>(
        isolation: isolated (any Actor)? = #isolation, _ body: (ScopeHandle) async throws -> Result
    ) async rethrows -> Result {
        try await withIsolationScope(isolation: isolation) { scope in
            let session = hub?.startRequestSession()
            var crashed = true  // until `body` returns
            defer { if let session { hub?.endRequestSession(session, crashed: crashed) } }
            let result = try await body(scope)
            crashed = false
            return result
        }
    }
}
