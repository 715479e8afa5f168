import Synchronization

// The spellings of sentry-cocoa's Swift API, so code written from Sentry's Apple-platform docs
// compiles here. Each is a thin overload of this SDK's own name, which holds the one implementation.

extension Scope {
    /// sentry-cocoa's spelling of ``setTag(_:forKey:)``.
    public mutating func setTag(value: String, key: String) { setTag(value, forKey: key) }
    /// sentry-cocoa's spelling of ``setExtra(_:forKey:)``.
    public mutating func setExtra(value: JSONValue, key: String) { setExtra(value, forKey: key) }
    /// sentry-cocoa's spelling of ``setContext(_:forKey:)``.
    public mutating func setContext(value: JSONValue, key: String) { setContext(value, forKey: key) }
    /// sentry-cocoa's spelling of ``removeTag(forKey:)``.
    public mutating func removeTag(key: String) { removeTag(forKey: key) }
}

extension ScopeHandle {
    /// sentry-cocoa's spelling of ``setTag(_:forKey:)``.
    public func setTag(value: String, key: String) { setTag(value, forKey: key) }
    /// sentry-cocoa's spelling of ``setExtra(_:forKey:)``.
    public func setExtra(value: JSONValue, key: String) { setExtra(value, forKey: key) }
    /// sentry-cocoa's spelling of ``setContext(_:forKey:)``.
    public func setContext(value: JSONValue, key: String) { setContext(value, forKey: key) }
    /// sentry-cocoa's spelling of ``removeTag(forKey:)``.
    public func removeTag(key: String) { removeTag(forKey: key) }
}

extension User {
    /// sentry-cocoa's `User(userId:)`.
    public init(userId: String) { self.init(id: userId) }
}

extension Breadcrumb {
    /// sentry-cocoa's `Breadcrumb(level:category:)`.
    public init(level: SentryLevel, category: String) { self.init(category: category, level: level) }
}

extension SentrySDK {
    /// sentry-cocoa's `flush(timeout:)` in seconds (`TimeInterval`).
    @discardableResult
    public static func flush(timeout seconds: Double) -> Bool {
        flush(timeout: .milliseconds(Int64((seconds.isFinite ? max(seconds, 0) : 0) * 1000)))
    }

    /// sentry-cocoa's `capture(error:block:)`: changes to the scope for this event only.
    @discardableResult
    public static func capture(error: any Error, block: @escaping @Sendable (inout Scope) -> Void) -> SentryId {
        capture(error: error, configureScope: block)
    }

    /// sentry-cocoa's `capture(message:block:)`: changes to the scope for this event only.
    @discardableResult
    public static func capture(message: String, block: @escaping @Sendable (inout Scope) -> Void) -> SentryId {
        capture(message: message, hint: CaptureHint(scope: block))
    }

    /// sentry-cocoa's `SentrySDK.span`: the active span (``activeSpan``).
    public static var span: (any Span)? { activeSpan }

    /// The id of the last event the SDK captured (``SentryId/empty`` when none).
    public static var lastEventId: SentryId { hub?.lastEventId ?? .empty }

    /// Whether the previous run of this app crashed (a crash report was found at start).
    public static var crashedLastRun: Bool { crashedLastRunFlag.load(ordering: .relaxed) }

    /// Set by the crash handler integration when it finds a report of the previous run.
    package static func noteCrashedLastRun(_ crashed: Bool) { crashedLastRunFlag.store(crashed, ordering: .relaxed) }

    private static let crashedLastRunFlag = Atomic<Bool>(false)
}
