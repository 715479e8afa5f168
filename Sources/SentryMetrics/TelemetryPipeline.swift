package import SentryCore

/// Batches logs, trace metrics and request-session counts on one background thread, and sends
/// them as envelopes: a `log` container per 100 logs, a `trace_metric` container per 100
/// metrics (each at most every 5 s), and `sessions` aggregates every 60 s; everything at
/// `flush` and `close`. Over-full buffers drop new records as `queue_overflow`.
///
/// Its thread also hosts the SDK's small ``PeriodicTask``s (the backpressure monitor's health
/// check), so they need no thread of their own; they run only while that thread runs.
///
/// `@unchecked Sendable`: `state` is only touched while holding `lock`; the rest is immutable.
package final class TelemetryPipeline: TelemetryProcessor, @unchecked Sendable {
    /// When and how much to send.
    package struct Configuration: Sendable {
        /// Logs per envelope.
        package var logBatchSize = 100
        /// The most logs held (the protocol's limit).
        package var logCapacity = 1000
        /// Metrics per envelope.
        package var metricBatchSize = 100
        /// The most metrics held.
        package var metricCapacity = 1000
        /// The longest a log or metric waits, in seconds.
        package var interval = 5.0
        /// Seconds between session aggregate sends.
        package var sessionInterval = 60.0
        /// Whether the background thread runs (tests drive ``sendDue(now:)`` themselves; periodic
        /// tasks then never run).
        package var startsThread = true

        /// The protocol's defaults.
        package init() {}
    }

    private struct State {
        var logs: TelemetryBuffer<SentryLog>
        var metrics: TelemetryBuffer<MetricRecord>
        var sessions: SessionAggregator
        var closed = false
    }

    private let sink: any EnvelopeSink
    private let recorder: any DiscardRecorder
    private let sessionAttributes: Session.Attributes?
    private let sharedAttributes: [String: Attribute]
    private let clock: @Sendable () -> Double
    private let periodicTasks: [any PeriodicTask]
    private let lock = ConditionLock()
    private var state: State

    /// Creates the pipeline. `sink` takes its envelopes on their way to the transport; `clock` gives monotonic
    /// seconds; `sessionAttributes` is `nil` when sessions are off (no release);
    /// `sharedAttributes` (the SDK's defaults) are written into every log and metric;
    /// `periodicTasks` run on the background thread, each at its own interval.
    package init(
        configuration: Configuration = Configuration(), sessionAttributes: Session.Attributes?,
        sharedAttributes: [String: Attribute] = [:],
        recorder: any DiscardRecorder, clock: @escaping @Sendable () -> Double = MonotonicClock.now,
        periodicTasks: [any PeriodicTask] = [], sink: any EnvelopeSink
    ) {
        self.sink = sink
        self.periodicTasks = periodicTasks
        self.recorder = recorder
        self.sessionAttributes = sessionAttributes
        self.sharedAttributes = sharedAttributes
        self.clock = clock
        state = State(
            logs: TelemetryBuffer(batchSize: configuration.logBatchSize, capacity: configuration.logCapacity, interval: configuration.interval),
            metrics: TelemetryBuffer(
                batchSize: configuration.metricBatchSize, capacity: configuration.metricCapacity, interval: configuration.interval),
            sessions: SessionAggregator(interval: configuration.sessionInterval, now: clock()))
        if configuration.startsThread {
            BackgroundThread.start { [self] in run() }
        }
    }

    /// Queues a log; refused when 1,000 wait (counted as `log_item` and `log_byte`).
    package func add(log: SentryLog) {
        let (accepted, due) = lock.withLock { () -> (Bool, Bool) in
            guard !state.closed, state.logs.add(log, now: clock()) else { return (false, false) }
            return (true, state.logs.count >= state.logs.batchSize)
        }
        if !accepted {
            recorder.recordDiscard(.queueOverflow, category: .logItem, quantity: 1)
            recorder.recordDiscard(.queueOverflow, category: .logByte, quantity: log.jsonBytes().count)
        } else if due {
            wake()
        }
    }

    /// Queues a metric; refused when the buffer is full (counted as `trace_metric`).
    package func add(metric: MetricRecord) {
        let (accepted, due) = lock.withLock { () -> (Bool, Bool) in
            guard !state.closed, state.metrics.add(metric, now: clock()) else { return (false, false) }
            return (true, state.metrics.count >= state.metrics.batchSize)
        }
        if !accepted {
            recorder.recordDiscard(.queueOverflow, category: .traceMetric, quantity: 1)
            recorder.recordDiscard(.queueOverflow, category: .traceMetricByte, quantity: metric.jsonBytes().count)
        } else if due {
            wake()
        }
    }

    /// Counts a finished request session.
    package func add(requestSession outcome: RequestSession.Outcome, started: SentryTimestamp) {
        guard sessionAttributes != nil else { return }
        lock.withLock { if !state.closed { state.sessions.add(outcome, started: started) } }
    }

    /// Sends an application-mode session update at once.
    package func send(session: Session) {
        sink.send(Envelope(items: [EnvelopeItem(session: session)]))
    }

    /// Sends what is due at `now` (everything when `force`); returns how many envelopes went.
    @discardableResult
    package func sendDue(now: Double, force: Bool = false) -> Int {
        let (logs, metrics, sessions) = lock.withLock {
            (
                state.logs.takeDue(now: now, force: force), state.metrics.takeDue(now: now, force: force),
                sessionAttributes.map { state.sessions.takeDue(now: now, force: force, attributes: $0) } ?? []
            )
        }
        for batch in logs { sink.send(Envelope(items: [EnvelopeItem(logs: batch, sharedAttributes: sharedAttributes)])) }
        for batch in metrics { sink.send(Envelope(items: [EnvelopeItem(metrics: batch, sharedAttributes: sharedAttributes)])) }
        for aggregates in sessions { sink.send(Envelope(items: [EnvelopeItem(sessions: aggregates)])) }
        return logs.count + metrics.count + sessions.count
    }

    /// Sends everything buffered now (the transport's own flush waits for delivery).
    package func flush(timeout: Duration) -> Bool {
        sendDue(now: clock(), force: true)
        return true
    }

    /// Sends everything and stops the background thread.
    package func close(timeout: Duration) {
        sendDue(now: clock(), force: true)
        lock.withLock {
            state.closed = true
            lock.broadcast()
        }
    }

    private func wake() { lock.withLock { lock.broadcast() } }

    private func run() {
        // When each periodic task runs next; only this thread reads or writes it.
        var nextRuns = periodicTasks.map { clock() + $0.interval }
        while true {
            let stop: Bool = lock.withLock {
                guard !state.closed else { return true }
                let now = clock()
                guard !state.logs.isDue(now: now), !state.metrics.isDue(now: now), now < state.sessions.deadline,
                    !nextRuns.contains(where: { $0 <= now })
                else { return false }
                let deadlines = [state.logs.deadline, state.metrics.deadline, state.sessions.deadline].compactMap { $0 } + nextRuns
                // The clock is monotonic seconds; ConditionLock waits on the same clock.
                lock.wait(until: deadlines.min().map { MonotonicClock.now() + max(0, $0 - now) })
                return state.closed
            }
            if stop { return }
            let now = clock()
            for (index, task) in periodicTasks.enumerated() where nextRuns[index] <= now {
                task.run()
                nextRuns[index] = now + task.interval
            }
            sendDue(now: clock())
        }
    }
}
