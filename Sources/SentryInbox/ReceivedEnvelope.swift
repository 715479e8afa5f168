public import SentryCore

/// An envelope the inbox accepted, with the HTTP request that carried it.
public struct ReceivedEnvelope: Sendable {
    /// The parsed envelope.
    public let envelope: Envelope
    /// The project id from the request path (`/api/<projectId>/envelope/`).
    public let projectId: String
    /// The request target as sent, including any query string.
    public let target: String
    /// The request's header fields, as sent.
    public let headers: HTTPHeaders
    /// The body after undoing `Content-Encoding`: the envelope's bytes exactly as serialized by the client.
    public let body: [UInt8]
    /// The body's size on the wire (before gunzip).
    public let transferredSize: Int
    /// Whether the body arrived with `Content-Encoding: gzip` (or `x-gzip`/`deflate`) and was inflated.
    public let wasCompressed: Bool
    /// The 1-based number of the connection it arrived on (see ``InboxServer/connectionCount``).
    public let connection: Int
    /// The file it was stored in, when the inbox has a storage directory.
    public let storedPath: String?

    /// The envelope's items.
    public var items: [EnvelopeItem] { envelope.items }

    /// The types of the envelope's items, in order (e.g. `["event", "attachment"]`).
    public var itemTypes: [String] { envelope.items.map(\.header.type.rawValue) }
}
