/// Batches structured logs, trace metrics and release-health sessions and sends them;
/// `SentryMetrics` implements it and the started SDK's hub feeds it.
package protocol TelemetryProcessor: Sendable {
    /// Queues a log record (already through `beforeSendLog`).
    func add(log: SentryLog)
    /// Queues a metric record (already through `beforeSendMetric`).
    func add(metric: MetricRecord)
    /// Counts a finished request-mode session into its minute's bucket.
    func add(requestSession outcome: RequestSession.Outcome, started: SentryTimestamp)
    /// Sends an application-mode session update now.
    func send(session: Session)
    /// Sends everything buffered, then waits up to `timeout` for delivery.
    func flush(timeout: Duration) -> Bool
    /// Flushes and stops the background work.
    func close(timeout: Duration)
}

/// A processor that drops everything (no SDK, or logs/metrics/sessions not wired).
package struct NoOpTelemetryProcessor: TelemetryProcessor {
    /// Creates the processor.
    package init() {}
    /// Dropped.
    package func add(log: SentryLog) {}
    /// Dropped.
    package func add(metric: MetricRecord) {}
    /// Dropped.
    package func add(requestSession outcome: RequestSession.Outcome, started: SentryTimestamp) {}
    /// Dropped.
    package func send(session: Session) {}
    /// Nothing to flush.
    package func flush(timeout: Duration) -> Bool { true }
    /// Nothing to close.
    package func close(timeout: Duration) {}
}
