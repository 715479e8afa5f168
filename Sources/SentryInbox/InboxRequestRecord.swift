/// One HTTP request the inbox read, whatever became of it: accepted, refused, faulted or reset.
public struct InboxRequestRecord: Sendable {
    /// The method, e.g. `POST`.
    public let method: String
    /// The request target as sent, e.g. `/api/1/envelope/`.
    public let target: String
    /// The request's header fields.
    public let headers: HTTPHeaders
    /// The 1-based number of the connection it arrived on (see ``InboxServer/connectionCount``).
    public let connection: Int
    /// The status the inbox answered with, or `nil` when it closed the connection without answering.
    public let status: Int?
    /// The fault that shaped the answer, if one was active.
    public let fault: InboxFault?
}
