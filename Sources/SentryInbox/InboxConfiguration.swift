/// How an ``InboxServer`` listens, whom it accepts, and where it reports what it receives.
public struct InboxConfiguration: Sendable {
    /// The public key put in ``InboxServer/dsn`` when none is configured.
    public static let defaultPublicKey = "5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c"
    /// The project id put in ``InboxServer/dsn`` when none is configured.
    public static let defaultProjectId = "1"

    /// The IPv4 address (or `localhost`) to listen on. Defaults to the loopback address.
    public var host: String
    /// The TCP port; 0 picks a free ephemeral port (see ``InboxServer/port``).
    public var port: Int
    /// The DSN public key that `X-Sentry-Auth: Sentry sentry_key=…` must carry.
    public var publicKey: String
    /// The project id that must appear in `/api/<project>/envelope/`.
    public var projectId: String
    /// When `true`, any key and any project id are accepted (requests still need the envelope path).
    public var acceptsAnyCredentials: Bool
    /// A directory to write every accepted envelope into (created if missing); `nil` keeps them in memory only.
    public var storageDirectory: String?
    /// The largest body accepted, both as transferred and after gunzip; bigger requests get 413.
    public var maxBodySize: Int
    /// The largest request head (request line plus headers) accepted; bigger heads get 431.
    public var maxHeaderSize: Int
    /// How long a connection may stay silent before the inbox closes it.
    public var idleTimeout: Duration
    /// How long one request may take, from its first byte to its last: a client trickling bytes (each
    /// within ``idleTimeout``) is answered 408 and disconnected when it runs out.
    public var requestTimeout: Duration
    /// How many connections are served at once (each has a thread); more are answered 503 and closed.
    public var maxConnections: Int
    /// How many accepted envelopes ``InboxServer/received()`` keeps; older ones are forgotten first.
    public var maxRetainedEnvelopes: Int
    /// How many body bytes the kept envelopes may hold together; older ones are forgotten first (the
    /// newest is always kept).
    public var maxRetainedBytes: Int
    /// How many request records ``InboxServer/requests()`` keeps; older ones are forgotten first.
    public var maxRetainedRequests: Int
    /// Called with one human-readable line per received item and per refused request. Called on connection
    /// threads, never while the server's lock is held.
    public var log: (@Sendable (String) -> Void)?

    /// Creates a configuration; every parameter has a test-friendly default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        publicKey: String = InboxConfiguration.defaultPublicKey,
        projectId: String = InboxConfiguration.defaultProjectId,
        acceptsAnyCredentials: Bool = false,
        storageDirectory: String? = nil,
        maxBodySize: Int = 210 * 1024 * 1024,
        maxHeaderSize: Int = 64 * 1024,
        idleTimeout: Duration = .seconds(30),
        requestTimeout: Duration = .seconds(60),
        maxConnections: Int = 64,
        maxRetainedEnvelopes: Int = 10_000,
        maxRetainedBytes: Int = 256 * 1024 * 1024,
        maxRetainedRequests: Int = 10_000,
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.publicKey = publicKey
        self.projectId = projectId
        self.acceptsAnyCredentials = acceptsAnyCredentials
        self.storageDirectory = storageDirectory
        self.maxBodySize = maxBodySize
        self.maxHeaderSize = maxHeaderSize
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
        self.maxRetainedEnvelopes = maxRetainedEnvelopes
        self.maxRetainedBytes = maxRetainedBytes
        self.maxRetainedRequests = maxRetainedRequests
        self.log = log
    }
}
