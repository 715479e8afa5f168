// The umbrella module: `import Sentry` gives the whole public API of `SentryCore` plus
// `SentrySDK.start(configureOptions:)`, which wires the default modules.
@_exported public import SentryCore
import SentryCrash
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
        if options.release == nil, let directory = ReleaseDetection.workingDirectory {
            options.release = ReleaseDetection.gitCommit(startingAt: directory)
        }
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
        let recorder = ClientReportRecorder()
        guard let transport = makeTransport(dsn: dsn, options: options, environment: environment, recorder: recorder) else {
            diagnostics.log(.info, "The SDK is disabled: no DSN is set (options.dsn or SENTRY_DSN).")
            return
        }
        let limit = options.maxBreadcrumbs
        for scope in [Scopes.global, Scopes.isolation, Scopes.current] {
            scope.configure { $0.maxBreadcrumbs = limit }
        }
        if let initialScope = options.initialScope { Scopes.global.configure(initialScope) }
        let assembly = SDKAssembly(
            options: options, dsn: dsn, transport: transport, recorder: recorder,
            integrations: SDKAssembly.defaultIntegrations(options: options, environment: environment, handlesCrashes: true),
            profiles: true)
        SentrySDK.install(assembly.hub)
        ExitHook.registerOnce()
        // Crashes of an earlier run become fatal events now that the SDK can send them.
        // The crash also ends a request session as crashed (release health for servers).
        var crashed = false
        for case let crashHandler as CrashHandlerIntegration in assembly.integrations {
            for report in crashHandler.pendingCrashReports {
                assembly.telemetry.add(requestSession: .crashed, started: report.timestamp)
                crashed = true
            }
            crashHandler.capturePendingCrashReports(willCapture: options.onCrashedLastRun)
        }
        SentrySDK.noteCrashedLastRun(crashed)
        diagnostics.log(.info, "Sentry started (\(dsn.map { "sending to \($0.envelopeURL)" } ?? "custom transport")).")
    }

    /// The transport options ask for: theirs, or curl to the DSN, plus a copy to Spotlight when it is on.
    private static func makeTransport(
        dsn: Dsn?, options: Options, environment: [String: String], recorder: ClientReportRecorder
    ) -> (any Transport)? {
        if let transport = options.transport { return transport }
        var transports: [any Transport] = []
        if let dsn {
            let configuration = TransportConfiguration(dsn: dsn, options: options, environment: environment)
            transports.append(CurlTransport(configuration: configuration, recorder: recorder))
        }
        if let spotlight = options.spotlightURL {
            transports.append(SpotlightTransport(url: spotlight, diagnostics: options.diagnostics))
        }
        return transports.count > 1 ? MultiplexTransport(transports) : transports.first
    }
}
