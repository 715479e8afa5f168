/// A request the inbox refuses: the status to answer with and a human-readable reason.
struct HTTPFailure: Error, Sendable {
    /// The HTTP status code, e.g. 400.
    var status: Int
    /// Why the request was refused; sent back as `{"detail": reason}`.
    var reason: String
    /// Whether the connection can no longer be trusted (framing lost) and must be closed after answering.
    var closesConnection: Bool = false

    static func badRequest(_ reason: String, closing: Bool = false) -> HTTPFailure {
        HTTPFailure(status: 400, reason: reason, closesConnection: closing)
    }
}
