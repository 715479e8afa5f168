public import SentryCore

/// How ``CurlTransport`` delivers: where, with which limits, timeouts, TLS, proxy and spool.
public struct TransportConfiguration: Sendable {
    /// Where envelopes go.
    public var dsn: Dsn
    /// The SDK named in `User-Agent` and `X-Sentry-Auth`.
    package var sdk: SdkInfo = SdkInfo()
    /// How many envelopes may wait; more are dropped as `queue_overflow`.
    public var queueCapacity: Int = 100
    /// How many envelopes may be posted at once (each on a kept-alive connection of its own).
    public var maxRequestsInFlight: Int = 2
    /// gzip level 1…9; 0 sends uncompressed.
    public var compressionLevel: Int = 6
    /// How long connecting may take.
    public var connectTimeout: Duration = .seconds(10)
    /// How long one request may take in all.
    public var requestTimeout: Duration = .seconds(30)
    /// A CA bundle for TLS verification (verification is always on).
    public var caCertsPath: String?
    /// A proxy URL; libcurl also honours `http_proxy`/`https_proxy` by itself.
    public var proxy: String?
    /// Hosts that bypass the proxy.
    public var noProxy: String?
    /// Extra request headers. Names or values with control characters are refused.
    public var extraHeaders: [String: String] = [:]
    /// Whether client reports are sent.
    public var sendClientReports: Bool = true
    /// Where undelivered envelopes are kept; `nil` keeps none.
    public var spoolDirectory: String?
    /// The most envelopes kept on disk.
    public var spoolMaxEnvelopes: Int = 100
    /// The most bytes kept on disk.
    public var spoolMaxBytes: Int = 50 * 1024 * 1024
    /// The first wait after a failed delivery; it doubles up to ``maxBackoff``.
    public var initialBackoff: Duration = .seconds(1)
    /// The longest wait between delivery attempts while the server is unreachable.
    public var maxBackoff: Duration = .seconds(60)
    /// Where the transport's diagnostics go.
    public var diagnostics: Diagnostics = Diagnostics(isEnabled: false)

    /// A configuration for `dsn` with defaults for everything else.
    public init(dsn: Dsn) { self.dsn = dsn }

    /// A configuration from SDK options; the spool defaults to the cache directory.
    package init(dsn: Dsn, options: Options, environment: [String: String] = ProcessEnvironment.current()) {
        self.dsn = dsn
        queueCapacity = options.maxQueueSize
        compressionLevel = options.compressionLevel
        connectTimeout = options.connectTimeout
        requestTimeout = options.requestTimeout
        caCertsPath = options.caCertsPath
        proxy = dsn.scheme == "https" ? options.httpsProxy : options.httpProxy
        noProxy = options.noProxy
        extraHeaders = options.httpHeaders
        sendClientReports = options.sendClientReports
        if options.enableDiskSpool {
            spoolDirectory = CacheDirectory.path(options: options, environment: environment).map { $0 + "/envelopes" }
        }
        diagnostics = options.diagnostics
    }

    /// The request headers for an envelope post.
    func headers(compressed: Bool) -> [String] {
        var headers = [
            "Content-Type: application/x-sentry-envelope",
            "X-Sentry-Auth: \(dsn.authHeader(client: sdk.clientName))",
        ]
        if compressed { headers.append("Content-Encoding: gzip") }
        for (name, value) in extraHeaders.sorted(by: { $0.key < $1.key }) {
            let isToken = !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
            let isSafeValue = value.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }
            if isToken && isSafeValue {
                headers.append("\(name): \(value)")
            } else {
                diagnostics.log(.warning, "ignoring HTTP header \(name.debugDescription): control characters are not allowed")
            }
        }
        return headers
    }
}
