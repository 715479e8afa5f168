/// Where finished telemetry goes on its way to the transport: the telemetry pipeline hands its
/// log, metric and session envelopes to one (the client, in a started SDK).
package protocol EnvelopeSink: Sendable {
    /// Takes an envelope for delivery. Must not block.
    func send(_ envelope: Envelope)
}

/// Where finished, sampled transactions go: the tracer hands each one, with the trace's dynamic
/// sampling context, to one (the client, which applies scopes, processors and `beforeSendTransaction`).
package protocol TransactionSink: Sendable {
    /// Takes a finished transaction event. Must not block.
    func capture(transaction: Event, trace: DynamicSamplingContext?)
}
