public import SentryCore

/// Delivers envelopes to Sentry with libcurl on one dedicated thread.
///
/// `send` only enqueues (a bounded queue; full ⇒ `queue_overflow`). The worker applies rate
/// limits, attaches client reports, gzips, and posts on reused connections, a few envelopes at once
/// (libcurl's multi interface, on the same thread). Envelopes that
/// cannot be delivered now (network down, 5xx, shutdown) go to the disk spool and are resent,
/// oldest first, when the server answers again or at the next start.
///
/// `flush` and `close` also send what the spool holds while the server answers, and say whether
/// everything was delivered; `close` aborts a request still in flight at its deadline and spools
/// it with the rest of the queue, so a hung server loses nothing.
///
/// It reports itself unhealthy (``TransportHealth``) while its queue is full or the server
/// rate-limits any category, so backpressure handling samples fewer traces.
///
/// `@unchecked Sendable`: the mutable queue state is read and written only while holding `lock`.
public final class CurlTransport: TransportHealth, @unchecked Sendable {
    /// Counts what is dropped; shared with the rest of the SDK through ``DiscardRecorder``.
    public let recorder: ClientReportRecorder
    private let configuration: TransportConfiguration
    private let lock = ConditionLock()
    private let worker: DeliveryWorker

    // Guarded by `lock`.
    private var queue: EnvelopeQueue
    private var busy = false
    private var stopping = false
    private var stopped = false
    private var workerIdle = false
    /// The worker waits in libcurl's poll with room for another transfer; a new envelope wakes it once.
    private var workerPollingWithRoom = false
    /// The worker's spool state as of its last turn: something waits on disk, and it may be sent now.
    private var spoolWaiting = false
    private var spoolSendable = false
    /// The worker's count of deliveries that failed for want of a server, as of its last turn.
    private var deliveryFailures = 0
    /// When the worker's last rate limit of any category ends, as of its last turn (monotonic seconds).
    private var rateLimitedUntil: Double = 0
    /// How often the worker loop woke up.
    private var wakeups = 0

    /// Starts the worker thread. `recorder` is where the SDK records its drops.
    public init(configuration: TransportConfiguration, recorder: ClientReportRecorder = ClientReportRecorder()) {
        self.configuration = configuration
        self.recorder = recorder
        queue = EnvelopeQueue(capacity: configuration.queueCapacity + 1)  // + 1: room for a client report
        worker = DeliveryWorker(configuration: configuration, recorder: recorder)
        let started = BackgroundThread.start { [self] in run() }
        if !started {
            configuration.diagnostics.log(.error, "could not start the transport thread; nothing will be sent")
            stopped = true
        }
    }

    /// Enqueues an envelope without waiting; drops it (counted) when the queue is full or closed.
    public func send(_ envelope: Envelope) {
        let (accepted, wakesPoll) = lock.withLock {
            guard !stopping, !stopped, queue.count < configuration.queueCapacity, queue.append(envelope) else { return (false, false) }
            if workerIdle { lock.broadcast() }
            defer { workerPollingWithRoom = false }
            return (true, workerPollingWithRoom)
        }
        if wakesPoll { worker.wakeup() }  // a syscall: outside the lock
        if !accepted {
            recorder.recordDiscard(.queueOverflow, envelope: envelope)
            configuration.diagnostics.log(.warning, "transport queue full or closed; envelope dropped")
        }
    }

    /// Sends pending client reports, then waits until the queue is drained and, while the server
    /// answers, the spool too, or `timeout` passes. Returns `true` only when everything was
    /// delivered (or deliberately dropped by a rate limit or the server, and counted); `false`
    /// when envelopes still wait, in memory or on disk, or were lost for want of a server.
    public func flush(timeout: Duration) -> Bool {
        let deadline = MonotonicClock.now() + timeout.seconds
        let failuresBefore = lock.withLock { deliveryFailures }
        enqueuePendingClientReport()
        return lock.withLock {
            while true {
                if stopped { return queue.isEmpty && !spoolWaiting && deliveryFailures == failuresBefore }
                if queue.isEmpty && !busy {
                    if !spoolWaiting { return deliveryFailures == failuresBefore }
                    if !spoolSendable { return false }  // backing off or rate limited: it waits on disk
                }
                guard MonotonicClock.now() < deadline else { return false }
                lock.wait(until: deadline)
            }
        }
    }

    /// Flushes within `timeout`, then stops the worker: a request still in flight is aborted and
    /// kept, and what is still queued goes to the spool. Returns whether everything was delivered.
    public func close(timeout: Duration) -> Bool {
        let drained = flush(timeout: timeout)
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
        worker.abort()
        // curl's progress callback sees the abort within about a second; spooling is quick.
        let deadline = MonotonicClock.now() + 3
        lock.withLock {
            while !stopped, MonotonicClock.now() < deadline { lock.wait(until: deadline) }
        }
        return drained
    }

    /// How often the worker loop woke up (tests check that it sleeps while it cannot send).
    var workerWakeups: Int { lock.withLock { wakeups } }

    /// How many envelopes wait in memory.
    public var queuedCount: Int { lock.withLock { queue.count } }

    /// `false` while the queue is full (new envelopes are dropped) or any category is rate-limited.
    public var isHealthy: Bool {
        let now = MonotonicClock.now()
        return lock.withLock { queue.count < configuration.queueCapacity && now >= rateLimitedUntil }
    }

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

    /// The worker loop: start the next envelope (queue first, then the spool) while there is room,
    /// else wait for the transfers in flight; repeat.
    private func run() {
        while true {
            enum Next { case queued(Envelope), spooled, transfers, stop([Envelope]) }
            let next: Next = lock.withLock {
                while true {
                    wakeups += 1
                    publishWorkerState()
                    if stopping { return .stop(queue.removeAll()) }
                    busy = true
                    if let envelope = queue.first, worker.mayStart(envelope) {
                        _ = queue.popFirst()
                        return .queued(envelope)
                    }
                    if queue.isEmpty, worker.mayStartSpooled, worker.spoolIsReady(now: MonotonicClock.now()) {
                        return .spooled
                    }
                    if worker.transfersInFlight > 0 {
                        workerPollingWithRoom = queue.isEmpty && worker.hasRoom
                        return .transfers
                    }
                    busy = false
                    workerIdle = true
                    lock.wait(until: worker.nextSpoolAttempt)
                    workerIdle = false
                }
            }
            switch next {
            case .queued(let envelope): worker.deliver(envelope)
            case .spooled: worker.deliverOldestSpooled()
            case .transfers: worker.waitForTransfers(milliseconds: 1000)
            case .stop(let remaining):
                worker.shutdown(keeping: remaining)
                lock.withLock {
                    stopped = true
                    busy = false
                    publishWorkerState()
                    lock.broadcast()
                }
                return
            }
            lock.withLock {
                workerPollingWithRoom = false
                busy = worker.transfersInFlight > 0
                let before = (deliveryFailures, spoolWaiting, spoolSendable)
                publishWorkerState()
                // Wakes `flush` and `close` only when what they wait for may have changed: after
                // every step, a waiting flush woke twice per envelope and took a core from the worker.
                if queue.isEmpty && !busy || before != (deliveryFailures, spoolWaiting, spoolSendable) { lock.broadcast() }
            }
        }
    }

    /// Copies the worker's spool and rate-limit state where `flush` and `isHealthy` can read it
    /// (worker thread, lock held).
    private func publishWorkerState() {
        spoolWaiting = worker.hasSpooled
        spoolSendable = worker.spoolIsReady(now: MonotonicClock.now())
        deliveryFailures = worker.failures
        rateLimitedUntil = worker.rateLimitedUntil
    }
}
