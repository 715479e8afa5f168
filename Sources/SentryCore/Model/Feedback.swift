/// Feedback from a user: what they wrote, who they are, and the event it is about. Sent with
/// `SentrySDK.capture(feedback:)` as a `feedback` item (an event whose `contexts.feedback` holds it),
/// with the scope's user, tags and trace, and scrubbed like any other event.
public struct Feedback: Sendable, Hashable {
    /// What the user wrote (Relay keeps 4096 characters).
    public var message: String
    /// The user's name.
    public var name: String?
    /// The user's email address.
    public var email: String?
    /// The event the feedback is about (for example the error a user just saw).
    public var associatedEventId: SentryId?
    /// Where the feedback came from (default `api`).
    public var source: String

    /// Describes feedback.
    public init(
        message: String, name: String? = nil, email: String? = nil, associatedEventId: SentryId? = nil,
        source: String = "api"
    ) {
        self.message = message
        self.name = name
        self.email = email
        self.associatedEventId = associatedEventId
        self.source = source
    }

    /// The feedback event: kind `feedback`, level `info`, the feedback in `contexts.feedback`.
    package var event: Event {
        var event = Event(level: .info)
        event.kind = .feedback
        var context: [String: JSONValue] = ["message": .string(message), "source": .string(source)]
        if let name { context["name"] = .string(name) }
        if let email { context["contact_email"] = .string(email) }
        if let associatedEventId { context["associated_event_id"] = .string(associatedEventId.description) }
        event.contexts.other["feedback"] = .object(context)
        return event
    }
}
