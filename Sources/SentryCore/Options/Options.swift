/// How the SDK is configured. Set fields in `SentrySDK.start { options in … }`; environment
/// variables (`SENTRY_DSN`, `SENTRY_RELEASE`, …) fill only what code left unset.
/// Defaults follow the Python SDK.
public struct Options: Sendable {
    // MARK: Core

    /// Where to send data. Empty or `nil` leaves the SDK disabled. Env: `SENTRY_DSN`.
    public var dsn: String?
    /// Whether the SDK writes its own diagnostics (to ``diagnosticLogger``). Env: `SENTRY_DEBUG`.
    public var debug: Bool = false
    /// The lowest diagnostic level written when ``debug`` is on.
    public var diagnosticLevel: SentryLevel = .debug
    /// Where diagnostics go (stderr by default).
    public var diagnosticLogger: any DiagnosticLogger = StderrDiagnosticLogger()
    /// The release, e.g. `my-app@1.2.3`. Env: `SENTRY_RELEASE`.
    public var release: String?
    /// The environment. Env: `SENTRY_ENVIRONMENT`; default `production`.
    public var environment: String?
    /// The distribution (build variant).
    public var dist: String?
    /// The host name sent as `server_name` (default: the machine's host name).
    public var serverName: String?

    // MARK: Errors

    /// The share of error events sent, 0…1. Env: `SENTRY_SAMPLE_RATE`.
    public var sampleRate: Double = 1.0
    /// How many breadcrumbs a scope keeps.
    public var maxBreadcrumbs: Int = 100
    /// Whether messages get the caller's stack trace (errors always carry one). On by default,
    /// as in sentry-cocoa.
    public var attachStacktrace: Bool = true
    /// Whether errors carry the stack where they were thrown: the SDK hooks the Swift runtime's
    /// throw path (about a microsecond per `throw`) and `capture(error:)` looks the stack up.
    /// Off: errors carry the capture site's stack.
    public var captureThrowSites: Bool = true
    /// Whether personal data (IPs, cookies, auth headers, bodies) may be collected.
    public var sendDefaultPii: Bool = false
    /// Keys scrubbed (`[Filtered]`) besides the default deny list, matched like it
    /// (case-insensitive, `-` and `_` alike), in extra, contexts, headers, span data and attributes.
    public var extraScrubbedKeys: [String] = []
    /// How much of a request body the framework integrations attach (only with ``sendDefaultPii``).
    public var maxRequestBodySize: RequestBodySize = .medium
    /// Truncate strings longer than this (`nil`: only the protocol's own limits apply).
    public var maxValueLength: Int?
    /// Module prefixes counted as the app's own code.
    public var inAppInclude: [String] = []
    /// Module prefixes never counted as the app's own code.
    public var inAppExclude: [String] = []
    /// The most frames captured per stack.
    public var maxStackFrames: Int = 100
    /// Error type names (or prefixes of their descriptions) never sent.
    public var ignoreErrors: [String] = []
    /// Changes or drops (`nil`) each error event before sending.
    public var beforeSend: (@Sendable (Event) -> Event?)?
    /// Changes or drops (`nil`) each transaction before sending.
    public var beforeSendTransaction: (@Sendable (Event) -> Event?)?
    /// Like ``beforeSend``, with what the capture knew: the original error and the attachments.
    /// Runs after ``beforeSend``.
    public var beforeSendWithHint: (@Sendable (Event, EventHint) -> Event?)?
    /// Changes or drops (`nil`) each span of a transaction before it is sent.
    public var beforeSendSpan: (@Sendable (SpanRecord) -> SpanRecord?)?
    /// Runs once at start on the global scope (sentry-cocoa's `initialScope`).
    public var initialScope: (@Sendable (inout Scope) -> Void)?
    /// Runs at start with each fatal event of the previous run's crash, before it is sent.
    public var onCrashedLastRun: (@Sendable (Event) -> Void)?
    /// Changes or drops (`nil`) each breadcrumb before it is recorded.
    public var beforeBreadcrumb: (@Sendable (Breadcrumb) -> Breadcrumb?)?
    /// The largest attachment sent, in bytes (20 MiB).
    public var maxAttachmentSize: Int = 20 * 1024 * 1024

    // MARK: Tracing

    /// The share of transactions sampled, 0…1; `nil` leaves performance tracing off (traces are
    /// still propagated). Env: `SENTRY_TRACES_SAMPLE_RATE`.
    public var tracesSampleRate: Double?
    /// Decides each transaction's sample rate (0…1), overriding ``tracesSampleRate``; return `nil`
    /// to fall back to the parent's decision or the rate.
    public var tracesSampler: (@Sendable (SamplingContext) -> Double?)?
    /// Whether the SDK samples fewer new traces while its transport cannot keep up (on by default,
    /// as sentry-python's `enable_backpressure_handling`).
    ///
    /// Every 10 seconds the SDK checks the transport (``TransportHealth``): while its queue is full
    /// or Sentry rate-limits it, the rate from ``tracesSampleRate`` or ``tracesSampler`` is halved
    /// at each check (down to 1/1024 of it); the first healthy check restores it. Transactions
    /// dropped only because of this are counted in client reports with the reason `backpressure`.
    /// Decisions forced on a span or inherited from an upstream service are never down-sampled.
    public var enableBackpressureHandling: Bool = true
    /// Where outgoing requests get trace headers: substrings or regular expressions of URLs.
    public var tracePropagationTargets: [String] = [".*"]
    /// Whether outgoing requests also get a W3C `traceparent` header.
    public var propagateTraceparent: Bool = false
    /// Whether incoming traces from another organization are refused.
    public var strictTraceContinuation: Bool = false
    /// The organization id (default: from the DSN host).
    public var orgId: String?
    /// The most child spans per transaction.
    public var maxSpans: Int = 1000

    // MARK: Profiling

    /// The share of sampled transactions that get a transaction profile (sample format v1,
    /// at most 30 s each), 0…1. Env: `SENTRY_PROFILES_SAMPLE_RATE`. Ignored when continuous
    /// profiling (``profileSessionSampleRate``) is on.
    public var profilesSampleRate: Double?
    /// Decides each sampled transaction's profile rate (0…1), overriding ``profilesSampleRate``;
    /// return `nil` to fall back to the rate.
    public var profilesSampler: (@Sendable (SamplingContext) -> Double?)?
    /// Continuous profiling: the chance, decided once per process, that this process profiles
    /// (chunks of at most 60 s, sample format v2), 0…1; `nil` leaves it off.
    /// Env: `SENTRY_PROFILE_SESSION_SAMPLE_RATE`.
    public var profileSessionSampleRate: Double?
    /// When the continuous profiler runs. Env: `SENTRY_PROFILE_LIFECYCLE` (`trace` or `manual`).
    public var profileLifecycle: ProfileLifecycle?

    // MARK: Logs, metrics, sessions

    /// Whether structured logs are sent.
    public var enableLogs: Bool = false
    /// Whether trace metrics are sent.
    public var enableMetrics: Bool = true
    /// Changes or drops (`nil`) each log before sending.
    public var beforeSendLog: (@Sendable (SentryLog) -> SentryLog?)?
    /// Changes or drops (`nil`) each metric before sending.
    public var beforeSendMetric: (@Sendable (MetricRecord) -> MetricRecord?)?
    /// Whether release-health sessions are tracked (needs a release).
    public var autoSessionTracking: Bool = true

    // MARK: Transport

    /// How many envelopes wait for delivery before new ones are dropped.
    public var maxQueueSize: Int = 100
    /// How long `close()` waits for delivery.
    public var shutdownTimeout: Duration = .seconds(2)
    /// Whether discarded data is reported to Sentry.
    public var sendClientReports: Bool = true
    /// The gzip level, 0 (off) to 9. Compression halves the bytes of a typical envelope and is
    /// the largest part of its delivery's CPU: zlib takes about 130 instructions per byte at 6
    /// (a 2 KB envelope costs more than libcurl's whole request), and level 1 saves only ~20 % of
    /// that. Set 0 where CPU matters more than bandwidth (a collector on the same host).
    public var compressionLevel: Int = 6
    /// How long connecting to Sentry may take.
    public var connectTimeout: Duration = .seconds(10)
    /// How long one delivery may take in all (a hung server is given up on after it).
    public var requestTimeout: Duration = .seconds(30)
    /// An HTTP proxy URL (default: `http_proxy`).
    public var httpProxy: String?
    /// An HTTPS proxy URL (default: `https_proxy`).
    public var httpsProxy: String?
    /// Hosts that bypass the proxy (default: `no_proxy`).
    public var noProxy: String?
    /// A CA bundle path for TLS verification.
    public var caCertsPath: String?
    /// Extra HTTP headers on every request.
    public var httpHeaders: [String: String] = [:]
    /// A transport to use instead of the default.
    public var transport: (any Transport)?
    /// Where undelivered envelopes and crash reports are kept (default under `$XDG_CACHE_HOME`).
    public var cacheDirectoryPath: String?
    /// Whether undelivered envelopes are kept on disk and sent later.
    public var enableDiskSpool: Bool = true
    /// Spotlight: `nil` off, otherwise the sidecar URL (default `http://localhost:8969/stream`).
    /// Env: `SENTRY_SPOTLIGHT`.
    public var spotlightURL: String?

    // MARK: Integrations

    /// Integrations to install besides the defaults.
    public var integrations: [any Integration] = []
    /// Whether default integrations are installed.
    public var defaultIntegrations: Bool = true
    /// Whether fatal signals are captured as crash events.
    public var enableCrashHandler: Bool = true

    /// Default options.
    public init() {}

    /// The Spotlight sidecar's default URL.
    public static let defaultSpotlightURL = "http://localhost:8969/stream"
}

/// When the continuous profiler runs (``Options/profileLifecycle``).
public enum ProfileLifecycle: String, Sendable, Hashable {
    /// Only while ``SentrySDK/startProfiler()`` … ``SentrySDK/stopProfiler()`` (the default).
    case manual
    /// While at least one sampled root span (transaction) is running.
    case trace
}
