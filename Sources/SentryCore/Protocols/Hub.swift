/// What the ``SentrySDK`` façade dispatches to once an SDK is started (one shared object, so
/// the façade reads it as one reference). The umbrella `Sentry`
/// installs the real one; `SentryTesting` installs one that keeps events in memory.
///
/// Every requirement has a default, so a conforming type implements only what it changes:
/// errors and messages become events for ``capture(event:hint:)``, breadcrumbs go through
/// ``configureScope(_:)`` (the isolation scope), ``close(timeout:)`` flushes; everything else
/// does what the façade does with no SDK started (drops, `nil`, a no-op span).
public protocol Hub: AnyObject, Sendable {
    /// The options the SDK was started with.
    var options: Options { get }
    /// Reads the options in place: `read` sees the hub's own, so reading a setting or two on a
    /// hot path copies none of the others (``options`` returns a copy of them all).
    func withOptions<Result>(_ read: (Options) -> Result) -> Result
    /// Captures a prepared event; returns its id.
    func capture(event: Event, hint: CaptureHint) -> SentryId
    /// Captures an error.
    func capture(error: any Error, hint: CaptureHint) -> SentryId
    /// Captures a message.
    func capture(message: String, level: SentryLevel, hint: CaptureHint) -> SentryId
    /// Sends a cron monitor check-in; returns its id.
    func capture(checkIn: CheckIn) -> SentryId
    /// Adds a breadcrumb to the current isolation scope.
    func addBreadcrumb(_ breadcrumb: consuming Breadcrumb)
    /// Changes the current isolation scope.
    func configureScope(_ body: (inout Scope) -> Void)
    /// Starts a span as a child of the active one (or a transaction when none is active).
    func startSpan(_ start: SpanStart) -> any Span
    /// Continues the trace described by incoming `sentry-trace`/`baggage`/`traceparent` headers
    /// in the current isolation scope.
    func continueTrace(headers: [String: String])
    /// The headers that propagate the current trace to `url` (empty when `url` is not a target).
    func traceHeaders(for url: String?) -> [String: String]
    /// Records a structured log; the hub adds trace ids and default attributes.
    func log(level: SentryLog.Level, message: SentryLogMessage, attributes: [String: Attribute])
    /// Records a trace-connected metric; the hub adds trace ids and default attributes.
    func metric(kind: MetricRecord.Kind, name: String, value: Double, unit: String?, attributes: [String: Attribute])
    /// Starts an application-mode session (one per run of a CLI or job), replacing a running one.
    func startSession()
    /// Ends the application-mode session as exited (or crashed, when it crashed).
    func endSession()
    /// Starts a request-mode session on the current isolation scope; `nil` when sessions are off.
    func startRequestSession() -> RequestSession?
    /// Ends a request-mode session (`crashed` when the request failed unhandled) and counts it.
    func endRequestSession(_ session: RequestSession, crashed: Bool)
    /// Waits for queued data to be sent, up to `timeout`; `true` when everything went.
    func flush(timeout: Duration) -> Bool
    /// Flushes and stops.
    func close(timeout: Duration)
    /// The id of the last event this hub captured and sent on (``SentryId/empty`` when none).
    var lastEventId: SentryId { get }
    /// Sends user feedback with the scope's user, tags and trace.
    func capture(feedback: Feedback) -> SentryId
}

extension Hub {
    /// Default options (`Options()`): logs off, metrics on.
    public var options: Options { Options() }

    /// Passes ``options`` to `read`.
    public func withOptions<Result>(_ read: (Options) -> Result) -> Result { read(options) }

    /// Drops the event; returns ``SentryId/empty``.
    public func capture(event: Event, hint: CaptureHint) -> SentryId { .empty }

    /// Captures an error event (one exception: the error's type and description, mechanism
    /// `generic`, handled) through ``capture(event:hint:)``.
    public func capture(error: any Error, hint: CaptureHint) -> SentryId {
        let exception = SentryException(
            type: String(reflecting: Swift.type(of: error)), value: String(describing: error),
            mechanism: Mechanism(type: "generic", handled: true))
        return capture(event: Event(level: .error, exceptions: [exception]), hint: hint)
    }

    /// Captures a message event through ``capture(event:hint:)``.
    public func capture(message: String, level: SentryLevel, hint: CaptureHint) -> SentryId {
        capture(event: Event(level: level, message: Event.Message(formatted: message)), hint: hint)
    }

    /// Drops the check-in; returns its id.
    public func capture(checkIn: CheckIn) -> SentryId { checkIn.checkInId }

    /// Adds the breadcrumb through ``configureScope(_:)``.
    public func addBreadcrumb(_ breadcrumb: consuming Breadcrumb) { configureScope { [breadcrumb] in $0.addBreadcrumb(breadcrumb) } }

    /// Changes ``Scopes/isolation``.
    public func configureScope(_ body: (inout Scope) -> Void) { Scopes.isolation.configure(body) }

    /// A span that records nothing (``NoOpSpan/shared``).
    public func startSpan(_ start: SpanStart) -> any Span { NoOpSpan.shared }

    /// Ignores the incoming trace.
    public func continueTrace(headers: [String: String]) {}

    /// No headers.
    public func traceHeaders(for url: String?) -> [String: String] { [:] }

    /// Drops the log.
    public func log(level: SentryLog.Level, message: SentryLogMessage, attributes: [String: Attribute]) {}

    /// Drops the metric.
    public func metric(kind: MetricRecord.Kind, name: String, value: Double, unit: String?, attributes: [String: Attribute]) {}

    /// Starts nothing.
    public func startSession() {}

    /// Ends nothing.
    public func endSession() {}

    /// No request session (`nil`, as when sessions are off).
    public func startRequestSession() -> RequestSession? { nil }

    /// Ignores the session.
    public func endRequestSession(_ session: RequestSession, crashed: Bool) {}

    /// Nothing queued: `true`.
    public func flush(timeout: Duration) -> Bool { true }

    /// Flushes (``flush(timeout:)``).
    public func close(timeout: Duration) { _ = flush(timeout: timeout) }

    /// None known: ``SentryId/empty``.
    public var lastEventId: SentryId { .empty }

    /// Sends the feedback as a prepared event (``capture(event:hint:)``).
    public func capture(feedback: Feedback) -> SentryId { capture(event: feedback.event, hint: .none) }
}

/// Extra input for a capture: attachments and the scope data to apply to this event only.
public struct CaptureHint: Sendable {
    /// Files to send with the event.
    public var attachments: [Attachment]
    /// Changes applied to a copy of the scope for this capture only.
    public var scope: (@Sendable (inout Scope) -> Void)?
    /// The dynamic sampling context for the envelope (a transaction's own).
    public var trace: DynamicSamplingContext?

    /// Creates a hint.
    public init(
        attachments: [Attachment] = [], scope: (@Sendable (inout Scope) -> Void)? = nil,
        trace: DynamicSamplingContext? = nil
    ) {
        self.attachments = attachments
        self.scope = scope
        self.trace = trace
    }

    /// No extra input.
    public static let none = CaptureHint()
}
