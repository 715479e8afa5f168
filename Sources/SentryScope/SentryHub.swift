public import SentryCore

/// The hub a started SDK installs: captures go through the scopes bound to the calling task
/// and then through the ``SentryClient`` pipeline.
public final class SentryHub: Hub {
    /// The client.
    public let client: SentryClient
    private let spanFactory: (any SpanFactory)?
    private let propagationTargets: PropagationTargets
    private let uninstallers: [@Sendable () -> Void]

    /// Creates a hub for `client`. `spanFactory` starts spans (none: spans are no-ops that keep
    /// the trace ids); `uninstallers` run when it closes.
    public init(client: SentryClient, spanFactory: (any SpanFactory)? = nil, uninstallers: [@Sendable () -> Void] = []) {
        self.client = client
        self.spanFactory = spanFactory
        self.propagationTargets = PropagationTargets(client.options.tracePropagationTargets)
        self.uninstallers = uninstallers
    }

    /// The options the client was started with.
    public var options: Options { client.options }

    /// Captures a prepared event.
    @discardableResult
    public func capture(event: Event, hint: CaptureHint) -> SentryId {
        client.capture(event, hint: hint, scopes: Scopes.all)
    }

    /// Captures an error with its cause chain (mechanism `generic`, handled).
    @discardableResult
    public func capture(error: any Error, hint: CaptureHint) -> SentryId {
        var exceptions = ErrorConversion.exceptions(for: error, mechanism: Mechanism(type: "generic", handled: true))
        if options.attachStacktrace, !exceptions.isEmpty {
            exceptions[exceptions.count - 1].stacktrace = StackCapture.current(skip: 1, limit: options.maxStackFrames)
            exceptions[exceptions.count - 1].threadId = StackCapture.currentThreadId
        }
        let event = Event(level: .error, exceptions: exceptions)
        return client.capture(event, hint: hint, scopes: Scopes.all, error: error)
    }

    /// Captures a message.
    @discardableResult
    public func capture(message: String, level: SentryLevel, hint: CaptureHint) -> SentryId {
        var event = Event(level: level, message: Event.Message(formatted: message))
        if options.attachStacktrace {
            event.threads = [
                SentryThread(
                    id: StackCapture.currentThreadId, current: true,
                    stacktrace: StackCapture.current(skip: 1, limit: options.maxStackFrames))
            ]
        }
        return client.capture(event, hint: hint, scopes: Scopes.all)
    }

    /// Adds a breadcrumb to the isolation scope, after `beforeBreadcrumb`.
    public func addBreadcrumb(_ breadcrumb: Breadcrumb) {
        guard options.maxBreadcrumbs > 0 else { return }
        var breadcrumb = breadcrumb
        if let hook = options.beforeBreadcrumb {
            guard let changed = hook(breadcrumb) else { return }
            breadcrumb = changed
        }
        Scopes.isolation.addBreadcrumb(breadcrumb)
    }

    /// Changes the isolation scope.
    public func configureScope(_ body: (inout Scope) -> Void) {
        Scopes.isolation.configure(body)
    }

    /// Starts a child of the active span, or a transaction continuing the isolation scope's trace.
    public func startSpan(_ start: SpanStart) -> any Span {
        let parent = start.startsTransaction ? nil : (start.parent ?? Scopes.activeSpan)
        let propagation = start.propagation ?? Scopes.isolation.configure { $0.propagationContext }
        guard let spanFactory else {
            return parent?.startChild(operation: start.operation, description: start.name)
                ?? NoOpSpan(traceId: propagation.traceId, parentSpanId: propagation.parentSpanId)
        }
        return spanFactory.startSpan(start, parent: parent, propagation: propagation)
    }

    /// Continues an incoming trace in the isolation scope (with the organization checks).
    public func continueTrace(headers: [String: String]) {
        let propagation = TracePropagation.continuing(
            headers: headers, ownOrgId: options.orgId ?? client.dsn?.orgId, strict: options.strictTraceContinuation)
        Scopes.isolation.configure { $0.propagationContext = propagation }
    }

    /// The headers that carry the trace to `url`, when it matches `tracePropagationTargets`.
    public func traceHeaders(for url: String?) -> [String: String] {
        guard propagationTargets.matches(url) else { return [:] }
        let propagation = Scopes.isolation.configure { $0.propagationContext }
        return TracePropagation.headers(
            span: Scopes.activeSpan, propagation: propagation,
            fallbackDSC: client.dynamicSamplingContext(for: propagation), traceparent: options.propagateTraceparent)
    }

    /// Logs arrive with the telemetry batcher; dropped until then.
    public func log(level: SentryLog.Level, body: String, attributes: [String: Attribute]) {}

    /// Metrics arrive with the telemetry batcher; dropped until then.
    public func metric(kind: MetricRecord.Kind, name: String, value: Double, unit: String?, attributes: [String: Attribute]) {}

    /// Waits for the transport to drain.
    public func flush(timeout: Duration) -> Bool { client.flush(timeout: timeout) }

    /// Flushes, stops the transport and uninstalls integrations.
    public func close(timeout: Duration) {
        _ = client.close(timeout: timeout)
        for uninstall in uninstallers { uninstall() }
    }
}
