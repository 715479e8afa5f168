// What the framework integrations of this package reach that users do not need.
extension SentrySDK {
    /// The hub the façade dispatches to here (bound to this task, or installed), for work that
    /// must continue on a thread of its own (the ServiceLifecycle service's flush).
    package static var currentHub: (any Hub)? { hub }
}
