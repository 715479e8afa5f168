public import SentryCore
import Sentry
import SentryMetrics
import SentryTransport

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
    try SentrySDK.withHub(hub) {
        try Scopes.withIsolationScope { isolation in
            if let initialScope = hub.options.initialScope { isolation.configure(initialScope) }
            try body()
        }
    }
    hub.close(timeout: .seconds(1))
    return CapturedEvents(envelopes: transport.envelopes)
}

/// Runs async `body` with an in-memory SDK bound to this task (see the synchronous variant).
public func withCapturedEvents(
    configure: (inout Options) -> Void = { _ in }, isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> Void
) async rethrows -> CapturedEvents {
    let (hub, transport) = makeTestHub(configure)
    try await SentrySDK.withHub(hub) {
        try await Scopes.withIsolationScope { isolation in
            if let initialScope = hub.options.initialScope { isolation.configure(initialScope) }
            try await body()
        }
    }
    hub.close(timeout: .seconds(1))
    return CapturedEvents(envelopes: transport.envelopes)
}

/// The SDK `SentrySDK.start` assembles, with an in-memory transport, no crash handler (it is
/// process-wide) and a pipeline that sends when the block ends.
private func makeTestHub(_ configure: (inout Options) -> Void) -> (any Hub, InMemoryTransport) {
    var options = Options()
    options.dsn = "https://public@sentry.invalid/1"
    configure(&options)
    options.applyEnvironment([:])
    let transport = InMemoryTransport()
    var pipeline = TelemetryPipeline.Configuration()
    pipeline.startsThread = false
    let assembly = SDKAssembly(
        options: options, dsn: try? options.parsedDsn(), transport: transport, recorder: ClientReportRecorder(),
        integrations: SDKAssembly.defaultIntegrations(options: options, environment: [:], handlesCrashes: false),
        telemetryConfiguration: pipeline)
    return (assembly.hub, transport)
}
