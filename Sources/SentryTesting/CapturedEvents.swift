public import SentryCore
import SentryMetrics
import SentryScope
import SentryTracing

/// What a block sent to Sentry, kept in memory: envelopes and their parsed JSON items.
public struct CapturedEvents: Sendable {
    /// Every envelope, in order.
    public let envelopes: [Envelope]

    /// The error and message events, parsed.
    public var events: [JSONValue] { payloads(of: .event) }

    /// The transactions, parsed.
    public var transactions: [JSONValue] { payloads(of: .transaction) }

    /// The parsed payloads of every item of `type`.
    public func payloads(of type: EnvelopeItemType) -> [JSONValue] {
        envelopes.flatMap(\.items).filter { $0.header.type == type }.compactMap { try? JSONValue.parse($0.payload) }
    }
}

/// Runs `body` with an SDK that keeps everything in memory, bound to this task only, so parallel
/// tests each see their own events. Scopes set inside stay inside.
public func withCapturedEvents(
    configure: (inout Options) -> Void = { _ in }, _ body: () throws -> Void
) rethrows -> CapturedEvents {
    let (hub, transport) = makeTestHub(configure)
    try SentrySDK.withHub(hub) { try Scopes.withIsolationScope { _ in try body() } }
    _ = hub.flush(timeout: .seconds(1))
    return CapturedEvents(envelopes: transport.envelopes)
}

/// Runs async `body` with an in-memory SDK bound to this task (see the synchronous variant).
public func withCapturedEvents(
    configure: (inout Options) -> Void = { _ in }, isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> Void
) async rethrows -> CapturedEvents {
    let (hub, transport) = makeTestHub(configure)
    try await SentrySDK.withHub(hub) { try await Scopes.withIsolationScope { _ in try await body() } }
    _ = hub.flush(timeout: .seconds(1))
    return CapturedEvents(envelopes: transport.envelopes)
}

private func makeTestHub(_ configure: (inout Options) -> Void) -> (any Hub, InMemoryTransport) {
    var options = Options()
    options.dsn = "https://public@sentry.invalid/1"
    configure(&options)
    options.applyEnvironment([:])
    let transport = InMemoryTransport()
    let client = SentryClient(
        options: options, dsn: try? options.parsedDsn(), transport: transport, recorder: NoOpDiscardRecorder())
    let tracer = SentryTracer(options: options, publicKey: client.dsn?.publicKey, recorder: NoOpDiscardRecorder()) {
        transaction, trace in client.capture(transaction, hint: CaptureHint(trace: trace), scopes: Scopes.all)
    }
    var pipelineConfiguration = TelemetryPipeline.Configuration()
    pipelineConfiguration.startsThread = false  // everything is sent when the block ends
    let telemetry = TelemetryPipeline(
        configuration: pipelineConfiguration,
        sessionAttributes: options.release.map { Session.Attributes(release: $0, environment: options.environment) },
        sharedAttributes: TelemetryAttributes.defaults(options: options, sdk: client.sdk),
        recorder: NoOpDiscardRecorder()
    ) { client.send($0) }
    return (SentryHub(client: client, spanFactory: tracer, telemetry: telemetry), transport)
}
