// The umbrella module: `import Sentry` gives the whole public API of `SentryCore` plus
// `SentrySDK.start(configureOptions:)`, which wires the default modules.
@_exported public import SentryCore
import SentryIntegrations
import SentryMetrics
import SentryScope
import SentryTracing
import SentryTransport

extension SentrySDK {
    /// Starts the SDK: `SentrySDK.start { options in options.dsn = "…" }`.
    ///
    /// Environment variables (`SENTRY_DSN`, `SENTRY_RELEASE`, `SENTRY_ENVIRONMENT`, …) fill what the
    /// closure leaves unset. With no DSN, or a malformed one, the SDK stays disabled and says why
    /// (when `debug` is on). A second start replaces the first cleanly.
    public static func start(configureOptions: (inout Options) -> Void) {
        var options = Options()
        configureOptions(&options)
        start(options: options)
    }

    /// Starts the SDK with prepared options; the process environment fills what they leave unset
    /// (`SENTRY_*` variables).
    public static func start(options: Options) {
        start(options: options, environment: ProcessEnvironment.current())
    }

    /// Starts the SDK with prepared options; `environment` is read for `SENTRY_*` variables.
    package static func start(options: Options, environment: [String: String]) {
        var options = options
        options.applyEnvironment(environment)
        let diagnostics = options.diagnostics
        SentrySDK.uninstall()?.close(timeout: options.shutdownTimeout)

        let dsn: Dsn?
        do {
            dsn = try options.parsedDsn()
        } catch {
            diagnostics.log(.error, "The SDK is disabled: \(error.description). Check options.dsn or SENTRY_DSN.")
            return
        }
        if dsn == nil, options.transport == nil, options.spotlightURL != nil {
            // Spotlight alone: every event and trace, as a local debugging tool should see them;
            // personal data still only with `sendDefaultPii`, which stays the user's choice.
            options.sampleRate = 1
            if options.tracesSampleRate == nil { options.tracesSampleRate = 1 }
        }
        guard let transport = makeTransport(dsn: dsn, options: options, environment: environment) else {
            diagnostics.log(.info, "The SDK is disabled: no DSN is set (options.dsn or SENTRY_DSN).")
            return
        }
        let recorder = (transport as? CurlTransport)?.recorder ?? ClientReportRecorder()

        var integrations: [any Integration] = options.defaultIntegrations
            ? [HostContextsIntegration(), SymbolicationIntegration(), CrashHandlerIntegration(environment: environment)] : []
        integrations += options.integrations
        var names: [String] = []
        var processors: [any EventProcessor] = []
        var uninstallers: [@Sendable () -> Void] = []
        for integration in integrations {
            guard let installed = integration.install(options: options) else {
                diagnostics.log(.debug, "integration \(integration.name) declined")
                continue
            }
            names.append(integration.name)
            if let processor = installed.eventProcessor { processors.append(processor) }
            if let uninstall = installed.uninstall { uninstallers.append(uninstall) }
        }

        let limit = options.maxBreadcrumbs
        for scope in [Scopes.global, Scopes.isolation, Scopes.current] {
            scope.configure { $0.maxBreadcrumbs = limit }
        }
        let client = SentryClient(
            options: options, dsn: dsn, transport: transport, recorder: recorder, integrationNames: names,
            eventProcessors: processors)
        let tracer = SentryTracer(options: options, publicKey: dsn?.publicKey, recorder: recorder) { transaction, trace in
            client.capture(transaction, hint: CaptureHint(trace: trace), scopes: Scopes.all)
        }
        var sessionAttributes: Session.Attributes?
        if options.autoSessionTracking {
            if let release = options.release {
                sessionAttributes = Session.Attributes(release: release, environment: options.environment)
            } else {
                diagnostics.log(.info, "Release health is off: sessions need a release (options.release or SENTRY_RELEASE).")
            }
        }
        let telemetry = TelemetryPipeline(
            sessionAttributes: sessionAttributes, sharedAttributes: TelemetryAttributes.defaults(options: options, sdk: client.sdk),
            recorder: recorder
        ) { client.send($0) }
        uninstallers += ProfilingWiring.install(options: options, client: client, recorder: recorder)
        SentrySDK.install(SentryHub(client: client, spanFactory: tracer, telemetry: telemetry, uninstallers: uninstallers))
        ExitHook.registerOnce()
        // Crashes of an earlier run become fatal events now that the SDK can send them.
        // The crash also ends a request session as crashed (release health for servers).
        for case let crashHandler as CrashHandlerIntegration in integrations {
            for report in crashHandler.pendingCrashReports {
                telemetry.add(requestSession: .crashed, started: report.timestamp)
            }
            crashHandler.capturePendingCrashReports()
        }
        diagnostics.log(.info, "Sentry started (\(dsn.map { "sending to \($0.envelopeURL)" } ?? "custom transport")).")
    }

    private static func makeTransport(dsn: Dsn?, options: Options, environment: [String: String]) -> (any Transport)? {
        if let transport = options.transport { return transport }
        if let dsn {
            return CurlTransport(configuration: TransportConfiguration(dsn: dsn, options: options, environment: environment))
        }
        if let spotlight = options.spotlightURL {
            return SpotlightTransport(url: spotlight, diagnostics: options.diagnostics)
        }
        return nil
    }
}
