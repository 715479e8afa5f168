package import SentryCore

/// The hub a started SDK installs: captures go through the scopes bound to the calling task
/// and then through the ``SentryClient`` pipeline.
package final class SentryHub: Hub {
    /// The client.
    package let client: SentryClient
    private let spanFactory: (any SpanFactory)?
    private let telemetry: any TelemetryProcessor
    private let propagationTargets: PropagationTargets
    private let defaultAttributes: [String: Attribute]
    private let uninstallers: [@Sendable () -> Void]
    /// This SDK's organization (the option, else the DSN's host), for the strict trace check:
    /// read once, not parsed from the DSN per request.
    private let ownOrgId: String?

    /// Creates a hub for `client`. `spanFactory` starts spans (none: spans are no-ops that keep
    /// the trace ids); `telemetry` batches logs, metrics and sessions; `uninstallers` run when it closes.
    package init(
        client: SentryClient, spanFactory: (any SpanFactory)? = nil,
        telemetry: any TelemetryProcessor = NoOpTelemetryProcessor(), uninstallers: [@Sendable () -> Void] = []
    ) {
        self.client = client
        self.options = client.options
        self.spanFactory = spanFactory
        self.telemetry = telemetry
        self.propagationTargets = PropagationTargets(client.options.tracePropagationTargets)
        self.defaultAttributes = TelemetryAttributes.defaults(options: client.options, sdk: client.sdk)
        self.uninstallers = uninstallers
        self.ownOrgId = client.options.orgId ?? client.dsn?.orgId
    }

    /// The options the client was started with (stored, so reading one costs no copy).
    package let options: Options

    /// Reads the stored options without copying them.
    package func withOptions<Result>(_ read: (Options) -> Result) -> Result { read(options) }

    private let lastEvent = Locked(SentryId.empty)

    /// The id of the last event captured and not dropped.
    package var lastEventId: SentryId { lastEvent.withLock { $0 } }

    private func remember(_ id: SentryId) -> SentryId {
        if id != .empty { lastEvent.withLock { $0 = id } }
        return id
    }

    /// Captures a prepared event.
    @discardableResult
    package func capture(event: Event, hint: CaptureHint) -> SentryId {
        remember(client.capture(event, hint: hint, scopes: Scopes.all))
    }

    /// Captures an error with its cause chain (mechanism `generic`, handled). Each error gets the
    /// stack where it was thrown when the throw hook saw it; the captured error falls back to the
    /// capture site's stack, marked `mechanism.data.stacktrace = "capture_site"`.
    @discardableResult
    package func capture(error: any Error, hint: CaptureHint) -> SentryId {
        let limit = options.maxStackFrames
        let throwSites = options.captureThrowSites
        var exceptions = ErrorConversion.exceptions(for: error, mechanism: Mechanism(type: "generic", handled: true)) {
            throwSites ? ThrowSites.stacktrace(for: $0, limit: limit) : nil
        }
        if let last = exceptions.indices.last {
            if exceptions[last].stacktrace == nil {
                exceptions[last].stacktrace = StackCapture.current(skip: 1, limit: limit)
                exceptions[last].mechanism?.data["stacktrace"] = "capture_site"
            } else {
                exceptions[last].mechanism?.data["stacktrace"] = "throw_site"
            }
            exceptions[last].threadId = StackCapture.currentThreadId
        }
        let event = Event(level: .error, exceptions: exceptions)
        return remember(client.capture(event, hint: hint, scopes: Scopes.all, error: error))
    }

    /// Captures a message.
    @discardableResult
    package func capture(message: String, level: SentryLevel, hint: CaptureHint) -> SentryId {
        var event = Event(level: level, message: Event.Message(formatted: message))
        if options.attachStacktrace {
            event.threads = [
                SentryThread(
                    id: StackCapture.currentThreadId, current: true,
                    stacktrace: StackCapture.current(skip: 1, limit: options.maxStackFrames))
            ]
        }
        return remember(client.capture(event, hint: hint, scopes: Scopes.all))
    }

    /// Sends a check-in with the release, environment and the current trace (only `contexts.trace`).
    package func capture(checkIn: CheckIn) -> SentryId {
        var checkIn = checkIn
        if checkIn.release == nil { checkIn.release = options.release }
        if checkIn.environment == nil { checkIn.environment = options.environment ?? "production" }
        let propagation = Scopes.isolation.read { $0.propagationContext }
        let span = Scopes.activeSpan
        checkIn.trace = span?.traceContext ?? propagation.traceContext
        let trace = span?.dynamicSamplingContext ?? client.dynamicSamplingContext(for: propagation)
        client.send(Envelope(header: Envelope.Header(sdk: client.sdk, trace: trace), items: [EnvelopeItem(checkIn: checkIn)]))
        return checkIn.checkInId
    }

    /// Adds a breadcrumb to the isolation scope, after `beforeBreadcrumb`.
    package func addBreadcrumb(_ breadcrumb: consuming Breadcrumb) {
        guard options.maxBreadcrumbs > 0 else { return }
        if let hook = options.beforeBreadcrumb {
            guard let changed = hook(breadcrumb) else { return }
            breadcrumb = changed
        }
        Scopes.isolation.addBreadcrumb(consume breadcrumb)
    }

    /// Changes the isolation scope.
    package func configureScope(_ body: (inout Scope) -> Void) {
        Scopes.isolation.configure(body)
    }

    /// Starts a child of the active span, or a transaction continuing the isolation scope's trace.
    package func startSpan(_ start: SpanStart) -> any Span {
        let parent = start.startsTransaction ? nil : (start.parent ?? Scopes.activeSpan)
        // Read only for a new transaction that names no trace: a child continues its parent's.
        let scopeTrace = { Scopes.isolation.read { $0.propagationContext } }
        guard let spanFactory else {
            if let parent { return parent.startChild(operation: start.operation, description: start.name) }
            let trace = start.propagation ?? scopeTrace()
            return NoOpSpan(traceId: trace.traceId, parentSpanId: trace.parentSpanId)
        }
        return spanFactory.startSpan(start, parent: parent, propagation: scopeTrace)
    }

    /// Continues an incoming trace in the isolation scope (with the organization checks).
    package func continueTrace(headers: [String: String]) {
        let propagation = TracePropagation.continuing(
            headers: headers, ownOrgId: ownOrgId, strict: options.strictTraceContinuation)
        Scopes.isolation.configure { $0.propagationContext = propagation }
    }

    /// The headers that carry the trace to `url`, when it matches `tracePropagationTargets`.
    package func traceHeaders(for url: String?) -> [String: String] {
        guard propagationTargets.matches(url) else { return [:] }
        let propagation = Scopes.isolation.read { $0.propagationContext }
        return TracePropagation.headers(
            span: Scopes.activeSpan, propagation: propagation,
            fallbackDSC: client.dynamicSamplingContext(for: propagation), traceparent: options.propagateTraceparent)
    }

    /// Records a structured log with the trace, default and scope attributes; `beforeSendLog` may drop it.
    package func log(level: SentryLog.Level, message: SentryLogMessage, attributes: [String: Attribute]) {
        guard options.enableLogs else { return }
        let (trace, merged) = telemetryContext(attributes, withDefaults: options.beforeSendLog != nil)
        var log = SentryLog(
            traceId: trace.traceId, spanId: trace.spanId, level: level, body: message.body, attributes: merged,
            template: message.template, parameters: message.parameters)
        if let hook = options.beforeSendLog {
            guard let changed = hook(log) else {
                client.recorder.recordDiscard(.beforeSend, category: .logItem, quantity: 1)
                return
            }
            log = changed
        }
        telemetry.add(log: log)
        if options.debug { options.diagnostics.log(.debug, "log [\(level.rawValue)] \(log.body)") }
    }

    /// Records a trace-connected metric; `beforeSendMetric` may drop it.
    package func metric(kind: MetricRecord.Kind, name: String, value: Double, unit: String?, attributes: [String: Attribute]) {
        guard options.enableMetrics, value.isFinite else { return }
        let (trace, merged) = telemetryContext(attributes, withDefaults: options.beforeSendMetric != nil)
        var metric = MetricRecord(
            traceId: trace.traceId, spanId: trace.spanId, name: name, kind: kind, value: value, unit: unit, attributes: merged)
        if let hook = options.beforeSendMetric {
            guard let changed = hook(metric) else {
                client.recorder.recordDiscard(.beforeSend, category: .traceMetric, quantity: 1)
                return
            }
            metric = changed
        }
        telemetry.add(metric: metric)
    }

    /// The trace (active span, else the isolation scope's) and the attributes for a log or
    /// metric: scope attributes (global → isolation → current), then the call's own. The SDK's
    /// defaults are added when the batch is written, or here when a `beforeSend…` hook must see them.
    private func telemetryContext(
        _ own: [String: Attribute], withDefaults: Bool
    ) -> (trace: (traceId: SentryId, spanId: SpanId?), attributes: [String: Attribute]) {
        var attributes = withDefaults ? defaultAttributes : [:]
        let pii = options.sendDefaultPii
        let isolation = Scopes.isolation.read { ($0.attributes, pii ? $0.user : nil, $0.traceId) }
        // Global, isolation, current: a later scope wins (no array of the three is built per record).
        func merge(_ scoped: [String: Attribute]) {
            if !scoped.isEmpty { attributes.merge(scoped) { _, new in new } }
        }
        merge(Scopes.global.read { $0.attributes })
        merge(isolation.0)
        merge(Scopes.current.read { $0.attributes })
        if let user = isolation.1 {
            if let id = user.id { attributes["user.id"] = Attribute(.string(id)) }
            if let name = user.username { attributes["user.name"] = Attribute(.string(name)) }
            if let email = user.email { attributes["user.email"] = Attribute(.string(email)) }
        }
        if attributes.isEmpty { attributes = own } else { attributes.merge(own) { _, new in new } }
        client.scrubber.scrub(&attributes)
        if let span = Scopes.activeSpan { return ((span.traceId, span.spanId), attributes) }
        return ((isolation.2, nil), attributes)
    }

    /// Starts an application-mode session for this SDK (needs a release).
    package func startSession() {
        guard let release = options.release else {
            options.diagnostics.log(.warning, "sessions need a release (options.release or SENTRY_RELEASE); not started")
            return
        }
        endSession()
        let user = Scopes.isolation.snapshot.user
        let handle = SessionHandle(
            Session(release: release, environment: options.environment, distinctId: user?.id ?? user?.email ?? user?.username))
        client.applicationSession.withLock { $0 = handle }
        telemetry.send(session: handle.update { session in
            defer { session.isInitial = false }
            return session
        })
    }

    /// Ends the application-mode session: `exited`, or `crashed` if it crashed.
    package func endSession() {
        guard let handle = client.applicationSession.withLock({ handle -> SessionHandle? in
            defer { handle = nil }
            return handle
        }) else { return }
        telemetry.send(session: handle.update { session in
            let now = SentryTimestamp.now()
            if session.status == .ok { session.status = .exited }
            session.timestamp = now
            session.duration = now.secondsSince1970 - session.started.secondsSince1970
            return session
        })
    }

    /// Starts a request-mode session bound to the isolation scope; `nil` without a release or
    /// with `autoSessionTracking` off.
    package func startRequestSession() -> RequestSession? {
        guard options.autoSessionTracking, options.release != nil else { return nil }
        let session = RequestSession()
        Scopes.isolation.configure { $0.requestSession = session }
        return session
    }

    /// Ends a request-mode session and counts it into its minute's bucket.
    package func endRequestSession(_ session: RequestSession, crashed: Bool) {
        if crashed { session.markCrashed() }
        guard session.end() else { return }
        telemetry.add(requestSession: session.outcome, started: session.started)
    }

    /// Sends buffered telemetry, then waits for the transport to drain.
    package func flush(timeout: Duration) -> Bool {
        _ = telemetry.flush(timeout: timeout)
        return client.flush(timeout: timeout)
    }

    /// Ends the application session, uninstalls integrations, flushes and stops the transport.
    package func close(timeout: Duration) {
        endSession()
        // Integrations first: what they still hold (the profiler's last chunk) goes out with the rest.
        for uninstall in uninstallers { uninstall() }
        telemetry.close(timeout: timeout)
        _ = client.close(timeout: timeout)
    }
}
