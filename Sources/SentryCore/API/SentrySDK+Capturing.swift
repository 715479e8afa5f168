// Capturing errors, messages and events.
extension SentrySDK {
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

    /// Captures an error with changes to the scope for this event only. (A trailing closure picks
    /// the same-behaving `capture(error:block:)`.)
    @inlinable @discardableResult @_disfavoredOverload
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

    /// Sends feedback from a user (a `feedback` item), optionally about an event:
    /// `SentrySDK.capture(feedback: Feedback(message: "It broke", email: "a@b.c", associatedEventId: id))`.
    @inlinable @discardableResult
    public static func capture(feedback: @autoclosure () -> Feedback) -> SentryId {
        guard !isOff, let hub else { return .empty }
        return hub.capture(feedback: feedback())
    }
}
