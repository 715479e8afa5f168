/// A misbehaviour the inbox can be told to show, so tests can watch a transport cope with it.
///
/// Set one with ``InboxServer/setFault(_:count:)``; it applies to each following request (of any path) until
/// its count runs out or ``InboxServer/clearFaults()`` is called.
public enum InboxFault: Sendable, Equatable {
    /// Answer with `status`, adding `Retry-After` and/or `X-Sentry-Rate-Limits` when given.
    ///
    /// With a 2xx status the envelope is still parsed and stored as usual (so rate-limit headers can ride on
    /// a successful answer); with any other status the body is read and dropped, and nothing is stored.
    case respond(status: Int, retryAfter: String? = nil, rateLimits: String? = nil)
    /// Read the request, wait `Duration`, then handle it normally (a slow server). A client that gives up
    /// before then finds its envelope stored anyway, as with a real slow server. ``InboxServer/stop()`` cuts
    /// the wait short and drops the request.
    case delay(Duration)
    /// Read the request head, then reset the connection (TCP RST) without reading the body or answering.
    case reset

    /// Answer `413 Content Too Large` without storing anything.
    public static let payloadTooLarge = InboxFault.respond(status: 413)

    /// Answer `429 Too Many Requests` with the given rate-limit headers.
    public static func rateLimited(retryAfter: String? = nil, rateLimits: String? = nil) -> InboxFault {
        .respond(status: 429, retryAfter: retryAfter, rateLimits: rateLimits)
    }
}
