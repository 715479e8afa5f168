package import SentryCore
package import SentryCrash
package import SentryIntegrations
package import SentryMetrics
package import SentryScope
package import SentrySymbolication
package import SentryTracing
package import SentryTransport

/// Builds a working SDK from options and a transport: the one place where the client, tracer,
/// telemetry pipeline, integrations and hub are put together. `SentrySDK.start` and
/// `SentryTesting` both assemble through it, so a test's SDK is the one an app runs.
///
/// The paths are visible in types: a span finishes into the tracer, which hands the transaction to
/// its ``TransactionSink`` (the client); logs, metrics and sessions batch in the pipeline, which
/// hands envelopes to its ``EnvelopeSink`` (the client); the client sends to the transport.
package struct SDKAssembly {
    /// The assembled hub, ready for `SentrySDK.install`.
    package let hub: SentryHub
    /// The integrations that accepted to install, in order.
    package let integrations: [any Integration]
    /// The telemetry pipeline (logs, metrics, request sessions).
    package let telemetry: TelemetryPipeline
    /// The backpressure monitor the tracer reads and the pipeline's thread runs; `nil` when
    /// `enableBackpressureHandling` is off, tracing is off, or the transport reports no health.
    package let backpressure: BackpressureMonitor?

    /// Assembles an SDK. `integrations` are offered in order (each may decline); `recorder` counts
    /// what any part drops, for client reports. With `profiles`, the process's profiler starts as
    /// the options ask (it samples the whole process, so an in-memory test SDK leaves it out).
    /// `backpressureInterval` is the seconds between the transport health checks.
    package init(
        options: Options, dsn: Dsn?, transport: any Transport, recorder: any DiscardRecorder,
        integrations offered: [any Integration], telemetryConfiguration: TelemetryPipeline.Configuration = .init(),
        profiles: Bool = false, backpressureInterval: Double = BackpressureMonitor.defaultInterval
    ) {
        var names: [String] = []
        var processors: [any EventProcessor] = []
        var uninstallers: [@Sendable () -> Void] = []
        var installed: [any Integration] = []
        for integration in offered {
            guard let contribution = integration.install(options: options) else {
                options.diagnostics.log(.debug, "integration \(integration.name) declined")
                continue
            }
            installed.append(integration)
            names.append(integration.name)
            if let processor = contribution.eventProcessor { processors.append(processor) }
            if let uninstall = contribution.uninstall { uninstallers.append(uninstall) }
        }
        let client = SentryClient(
            options: options, dsn: dsn, transport: transport, recorder: recorder, integrationNames: names,
            eventProcessors: processors)
        backpressure = Self.backpressureMonitor(options: options, transport: transport, interval: backpressureInterval)
        let tracer = SentryTracer(
            options: options, publicKey: dsn?.publicKey, recorder: recorder, sink: client, backpressure: backpressure)
        telemetry = TelemetryPipeline(
            configuration: telemetryConfiguration, sessionAttributes: Self.sessionAttributes(options),
            sharedAttributes: TelemetryAttributes.defaults(options: options, sdk: client.sdk), recorder: recorder,
            periodicTasks: backpressure.map { [$0] } ?? [], sink: client)
        if let backpressure { uninstallers.append { backpressure.stop() } }
        if options.captureThrowSites {
            if ThrowSites.enable() {
                uninstallers.append { ThrowSites.disable() }
            } else {
                options.diagnostics.log(.warning, "this Swift runtime has no throw hook: errors carry the capture site's stack")
            }
        }
        if profiles { uninstallers += ProfilingWiring.install(options: options, client: client, recorder: recorder) }
        hub = SentryHub(client: client, spanFactory: tracer, telemetry: telemetry, uninstallers: uninstallers)
        integrations = installed
    }

    /// The integrations every SDK offers unless `options.defaultIntegrations` is off: host
    /// contexts and symbolication, and the crash handler when `handlesCrashes` (it installs
    /// process-wide signal handlers, so an in-memory test SDK leaves it out).
    package static func defaultIntegrations(
        options: Options, environment: [String: String], handlesCrashes: Bool
    ) -> [any Integration] {
        guard options.defaultIntegrations else { return options.integrations }
        var defaults: [any Integration] = [HostContextsIntegration(), SymbolicationIntegration()]
        if handlesCrashes { defaults.append(CrashHandlerIntegration(symbolicator: Symbolicator.shared, environment: environment)) }
        return defaults + options.integrations
    }

    /// The monitor that down-samples traces while the transport is unhealthy; it needs tracing on
    /// and a transport that reports its health (``TransportHealth``).
    private static func backpressureMonitor(options: Options, transport: any Transport, interval: Double) -> BackpressureMonitor? {
        guard options.enableBackpressureHandling, options.tracesSampleRate != nil || options.tracesSampler != nil,
            let health = transport as? any TransportHealth
        else { return nil }
        return BackpressureMonitor(health: health, interval: interval, diagnostics: options.diagnostics)
    }

    /// Release health needs a release: without one, sessions are off (and the SDK says so).
    private static func sessionAttributes(_ options: Options) -> Session.Attributes? {
        guard options.autoSessionTracking else { return nil }
        guard let release = options.release else {
            options.diagnostics.log(.info, "Release health is off: sessions need a release (options.release or SENTRY_RELEASE).")
            return nil
        }
        return Session.Attributes(release: release, environment: options.environment)
    }
}
