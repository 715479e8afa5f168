public import SentryCore

/// Delivers envelopes to Sentry with libcurl on one dedicated thread.
///
/// `send` only enqueues (a bounded queue; full ⇒ `queue_overflow`). The worker applies rate
/// limits, attaches client reports, gzips, and posts on a reused connection. Envelopes that
/// cannot be delivered now (network down, 5xx, shutdown) go to the disk spool and are resent,
/// oldest first, when the server answers again or at the next start.
///
/// `@unchecked Sendable`: the mutable queue state is read and written only while holding `lock`.
public final class CurlTransport: Transport, @unchecked Sendable {
    /// Counts what is dropped; shared with the rest of the SDK through ``DiscardRecorder``.
    public let recorder: ClientReportRecorder
    private let configuration: TransportConfiguration
    private let lock = ConditionLock()
    private let spotlight: SpotlightForwarder?

    // Guarded by `lock`.
    private var queue: EnvelopeQueue
    private var busy = false
    private var stopping = false
    private var stopped = false
    private var workerIdle = false

    /// Starts the worker thread. `recorder` is where the SDK records its drops.
    public init(configuration: TransportConfiguration, recorder: ClientReportRecorder = ClientReportRecorder()) {
        self.configuration = configuration
        self.recorder = recorder
        spotlight = configuration.spotlightURL.map { SpotlightForwarder(url: $0, diagnostics: configuration.diagnostics) }
        queue = EnvelopeQueue(capacity: configuration.queueCapacity + 1)  // + 1: room for a client report
        let worker = DeliveryWorker(configuration: configuration, recorder: recorder)
        let started = BackgroundThread.start { [self] in run(worker) }
        if !started {
            configuration.diagnostics.log(.error, "could not start the transport thread; nothing will be sent")
            stopped = true
        }
    }

    /// Enqueues an envelope without waiting; drops it (counted) when the queue is full or closed.
    public func send(_ envelope: Envelope) {
        spotlight?.forward(envelope)
        let accepted = lock.withLock {
            guard !stopping, !stopped, queue.count < configuration.queueCapacity, queue.append(envelope) else { return false }
            if workerIdle { lock.broadcast() }
            return true
        }
        if !accepted {
            recorder.recordDiscard(.queueOverflow, envelope: envelope)
            configuration.diagnostics.log(.warning, "transport queue full or closed; envelope dropped")
        }
    }

    /// Sends pending client reports, then waits until the queue is drained or `timeout` passes.
    /// Returns `true` when drained (delivered, or kept in the spool).
    public func flush(timeout: Duration) -> Bool {
        let deadline = MonotonicClock.now() + timeout.seconds
        enqueuePendingClientReport()
        return lock.withLock {
            while !queue.isEmpty || busy {
                if stopped { return queue.isEmpty }
                guard MonotonicClock.now() < deadline else { return false }
                lock.wait(until: deadline)
            }
            return true
        }
    }

    /// Flushes within `timeout`, then stops the worker; what is still queued goes to the spool.
    public func close(timeout: Duration) -> Bool {
        let deadline = MonotonicClock.now() + timeout.seconds
        let drained = flush(timeout: timeout)
        lock.withLock {
            stopping = true
            lock.broadcast()
            while !stopped, MonotonicClock.now() < deadline + 1 {  // the worker only spools now: quick
                lock.wait(until: deadline + 1)
            }
        }
        spotlight?.close()
        return drained
    }

    /// How many envelopes wait in memory.
    public var queuedCount: Int { lock.withLock { queue.count } }

    private func enqueuePendingClientReport() {
        guard configuration.sendClientReports, let report = recorder.takeReport() else { return }
        let envelope = Envelope(items: [EnvelopeItem(clientReport: report)])
        let accepted = lock.withLock {
            // Reports may use the one slot beyond the capacity: they are tiny.
            guard !stopping, !stopped, queue.append(envelope) else { return false }
            lock.broadcast()
            return true
        }
        if !accepted { recorder.restore(report) }
    }

    /// The worker loop: take the next envelope (queue first, then the spool), deliver, repeat.
    private func run(_ worker: DeliveryWorker) {
        while true {
            enum Next { case queued(Envelope), spooled, stop([Envelope]) }
            let next: Next = lock.withLock {
                while true {
                    if stopping { return .stop(queue.removeAll()) }
                    if let envelope = queue.popFirst() {
                        busy = true
                        return .queued(envelope)
                    }
                    if worker.spoolIsReady(now: MonotonicClock.now()) {
                        busy = true
                        return .spooled
                    }
                    workerIdle = true
                    lock.wait(until: worker.nextSpoolAttempt)
                    workerIdle = false
                }
            }
            switch next {
            case .queued(let envelope): worker.deliver(envelope)
            case .spooled: worker.deliverOldestSpooled()
            case .stop(let remaining):
                worker.shutdown(keeping: remaining)
                lock.withLock {
                    stopped = true
                    busy = false
                    lock.broadcast()
                }
                return
            }
            lock.withLock {
                busy = false
                lock.broadcast()
            }
        }
    }
}
