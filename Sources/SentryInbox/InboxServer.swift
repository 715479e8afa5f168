import SentryCore

/// A local Sentry ingestion endpoint: an HTTP/1.1 server that accepts envelopes the way sentry.io does, keeps
/// them for inspection, and can be told to misbehave.
///
/// It listens on `127.0.0.1` (port 0 picks a free port), serves `POST /api/<project>/envelope/` with
/// `Content-Length` or chunked bodies, gzip or not, over keep-alive connections, checks `X-Sentry-Auth`, and
/// answers `{"id":"<event id>"}`.
///
/// ```swift
/// let inbox = try InboxServer()
/// defer { inbox.stop() }
/// // point the SDK at inbox.dsn, send something …
/// let envelopes = inbox.waitForEnvelopes(count: 1, timeout: .seconds(5))
/// ```
///
/// Every method is thread-safe and returns promptly; waits are bounded by their timeout. Dropping the last
/// reference stops the server.
public final class InboxServer: Sendable {
    private let engine: InboxEngine

    /// Binds the listener and starts serving.
    ///
    /// - Throws: ``InboxError`` when the port cannot be bound, the storage directory cannot be created, or no
    ///   thread can be started.
    public init(configuration: InboxConfiguration = InboxConfiguration()) throws(InboxError) {
        engine = try InboxEngine(configuration: configuration)
        try engine.start()
    }

    deinit {
        engine.stop()
    }

    /// The configuration the server was created with.
    public var configuration: InboxConfiguration { engine.configuration }

    /// The port the server listens on (the bound one when the configuration asked for port 0).
    public var port: Int { engine.state.withLock { $0.port } }

    /// The DSN that points an SDK at this server: `http://<publicKey>@<host>:<port>/<projectId>`.
    public var dsn: String {
        "http://\(configuration.publicKey)@\(configuration.host):\(port)/\(configuration.projectId)"
    }

    /// The envelope endpoint URL: `http://<host>:<port>/api/<projectId>/envelope/`.
    public var envelopeURL: String {
        "http://\(configuration.host):\(port)/api/\(configuration.projectId)/envelope/"
    }

    /// Whether the server is listening (between a start and ``stop()``).
    public var isRunning: Bool { engine.state.withLock { $0.isRunning } }

    /// How many TCP connections the server has accepted since it was created (across restarts).
    public var connectionCount: Int { engine.state.withLock { $0.connectionCount } }

    /// Connections answered 503 because ``InboxConfiguration/maxConnections`` were being served.
    public var refusedConnectionCount: Int { engine.state.withLock { $0.refusedConnections } }

    /// Envelopes and request records forgotten so far to stay within
    /// ``InboxConfiguration/maxRetainedEnvelopes``, ``InboxConfiguration/maxRetainedBytes`` and
    /// ``InboxConfiguration/maxRetainedRequests`` (stored files are kept).
    public var droppedCount: (envelopes: Int, requests: Int) {
        engine.state.withLock { ($0.droppedEnvelopes, $0.droppedRequests) }
    }

    /// The envelopes accepted so far, in arrival order (at most the newest
    /// ``InboxConfiguration/maxRetainedEnvelopes``).
    public func received() -> [ReceivedEnvelope] {
        engine.state.withLock { $0.envelopes }
    }

    /// Every request read so far — accepted, refused, faulted or reset — in arrival order (at most the
    /// newest ``InboxConfiguration/maxRetainedRequests``).
    public func requests() -> [InboxRequestRecord] {
        engine.state.withLock { $0.requests }
    }

    /// Waits until at least `count` envelopes have been accepted or `timeout` has passed, then returns all
    /// envelopes accepted so far (possibly fewer than `count`, and never more than
    /// ``InboxConfiguration/maxRetainedEnvelopes`` are kept).
    public func waitForEnvelopes(count: Int, timeout: Duration) -> [ReceivedEnvelope] {
        waitUntil(timeout: timeout) { $0.envelopes.count >= count }
        return received()
    }

    /// Waits until at least `count` requests have been read or `timeout` has passed, then returns all
    /// requests read so far (possibly fewer than `count`).
    public func waitForRequests(count: Int, timeout: Duration) -> [InboxRequestRecord] {
        waitUntil(timeout: timeout) { $0.requests.count >= count }
        return requests()
    }

    /// Forgets the envelopes and requests received so far (connection count and faults are kept).
    public func removeAllReceived() {
        engine.state.withLock { state in
            state.envelopes.removeAll()
            state.requests.removeAll()
            state.retainedBytes = 0
        }
    }

    /// Makes the server misbehave for the next `count` requests, or until ``clearFaults()`` when `count` is
    /// `nil`. Replaces any fault set before. A `count` of 0 or less clears the fault.
    public func setFault(_ fault: InboxFault, count: Int? = nil) {
        engine.state.withLock { state in
            if let count, count <= 0 {
                state.fault = nil
            } else {
                state.fault = (fault, count)
            }
        }
    }

    /// Removes the active fault: following requests are handled normally.
    public func clearFaults() {
        engine.state.withLock { $0.fault = nil }
    }

    /// Starts listening again after ``stop()``, on the same port. Does nothing when already running.
    ///
    /// - Throws: ``InboxError`` when the port cannot be bound again (e.g. something else took it).
    public func start() throws(InboxError) {
        try engine.start()
    }

    /// Stops listening and closes every connection, waiting up to 5 seconds for the server's threads to
    /// finish. Received envelopes stay available. Does nothing when already stopped.
    public func stop() {
        engine.stop()
    }

    private func waitUntil(timeout: Duration, _ condition: (borrowing InboxServerState) -> Bool) {
        let deadline = ContinuousClock.now + timeout
        while !engine.state.withLock({ condition($0) }) && ContinuousClock.now < deadline {
            BackgroundThread.sleep(min(.milliseconds(2), deadline - ContinuousClock.now))
        }
    }
}
