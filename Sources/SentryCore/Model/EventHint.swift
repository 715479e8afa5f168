/// What a capture knew besides the event, handed to `Options.beforeSendWithHint`.
public struct EventHint: Sendable {
    /// The error that was captured (for `capture(error:)`).
    public var error: (any Error)?
    /// The attachments that go with the event (the scopes' and the capture's).
    public var attachments: [Attachment]

    /// Describes a hint.
    public init(error: (any Error)? = nil, attachments: [Attachment] = []) {
        self.error = error
        self.attachments = attachments
    }
}
