internal import CSentry
import Glibc
import SentryCore

/// The sampler thread: while anyone wants samples (``acquire()`` … ``release()``), it gives
/// every thread of the process (re-listed every ``relistTicks`` ticks, at most 128) a timer on
/// that thread's CPU clock, so each running thread is interrupted every 9.9 ms of its CPU time
/// (101 Hz) and unwinds itself into its ring; about 25 times a second the sampler thread drains
/// the rings into ``store``. It owns its OS thread (never the caller's, never the cooperative
/// pool); the last ``release()`` lets it exit at its next wake-up (deleting the timers), and
/// the next ``acquire()`` starts a new one (or keeps the old one if it has not exited yet).
///
/// There is one per process (``shared``): signals and the C sampler's rings are process-wide,
/// so every profiler (and every test) shares it and its store.
///
/// `@unchecked Sendable`: `demand`, `threadRunning`, `keepFrom` and `onSecond` are only touched
/// holding `condition` (a pthread mutex); `store` and `statistics` are `Locked`.
package final class ProfileSampler: @unchecked Sendable {
    /// The process's sampler.
    package static let shared = ProfileSampler()

    /// Samples per second: prime, so sampling does not fall into lockstep with periodic work.
    package static let frequency = 101
    /// CPU time between two samples of a thread.
    static let interval = UInt64(1_000_000_000 / frequency)
    /// How often the sampler thread wakes to drain the rings (each holds 16 samples, 158 ms of
    /// a busy thread): ~25 times a second, so it preempts the app's threads rarely.
    static let drainPeriod = interval * 4
    /// Wake-ups between two listings of the process's threads (~120 ms: new threads are
    /// sampled from then on, exited ones let go).
    static let relistTicks = 3
    /// Wake-ups per second (retention and chunk rotation run about once a second).
    static let ticksPerSecond = Int(1_000_000_000 / drainPeriod)
    /// Samples older than this are dropped whatever the consumers want.
    static let retention: UInt64 = 70_000_000_000

    let store = Locked(SampleStore())
    private let statistics = Locked(SamplerStatistics())
    private let condition = ConditionLock()
    private var demand = 0
    private var threadRunning = false
    private var keepFrom: [ObjectIdentifier: UInt64] = [:]
    private var onSecond: [ObjectIdentifier: @Sendable (UInt64) -> Void] = [:]
    private var diagnostics = Options().diagnostics

    private init() {}

    /// Installs the signal handler; returns why profiling cannot run here, or `nil`.
    package static func prepare() -> String? { SignalSampler.install() }

    /// Where the sampler's own diagnostics go (the latest profiler's options).
    func setDiagnostics(_ diagnostics: Diagnostics) { condition.withLock { self.diagnostics = diagnostics } }

    /// `body` is called on the sampler thread about once a second with the monotonic time (ns),
    /// until it is set to `nil` for the same `owner`.
    func setOnSecond(_ body: (@Sendable (UInt64) -> Void)?, owner: ObjectIdentifier) {
        condition.withLock { onSecond[owner] = body }
    }

    /// `owner` needs the samples from `timestamp` (monotonic ns) on; `nil`: none any more.
    func setKeepFrom(_ timestamp: UInt64?, owner: ObjectIdentifier) { condition.withLock { keepFrom[owner] = timestamp } }

    /// Wants samples until the matching ``release()``.
    package func acquire() {
        condition.withLock {
            demand += 1
            guard !threadRunning else { return }
            threadRunning = true
            let started = BackgroundThread.start(name: "SentryProfiler", stackSize: 512 * 1024) { [self] in run() }
            if !started {
                threadRunning = false
                diagnostics.log(.warning, "profiling: could not start the sampler thread")
                demand -= 1
            }
        }
    }

    /// Ends one ``acquire()``.
    package func release() {
        condition.withLock {
            demand = max(0, demand - 1)
            if demand == 0 { condition.broadcast() }
        }
    }

    /// Whether the sampler thread is running.
    package var isRunning: Bool { condition.withLock { threadRunning } }

    /// Waits (up to `timeout` seconds) until the sampler thread has exited.
    @discardableResult
    package func waitUntilStopped(timeout: Double) -> Bool {
        let deadline = MonotonicClock.now() + timeout
        return condition.withLock {
            while threadRunning {
                if MonotonicClock.now() >= deadline { return false }
                condition.wait(until: min(deadline, MonotonicClock.now() + 0.01))
            }
            return true
        }
    }

    /// A copy of the statistics.
    package var currentStatistics: SamplerStatistics { statistics.withLock { $0 } }

    /// The store's size now: samples, stacks, frames and an estimate of its bytes.
    package var storeFootprint: (samples: Int, stacks: Int, frames: Int, bytes: Int) {
        store.withLock { $0.footprint }
    }

    /// Clears the statistics.
    package func resetStatistics() { statistics.withLock { $0 = SamplerStatistics() } }

    private static func threadCPUNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    private func run() {
        let me = ThreadDirectory.currentThreadId()
        let sampler = SignalSampler()
        let threads = ThreadDirectory()
        var attached: [Int32: Int32] = [:]  // tid → ring
        var next = SignalSampler.monotonicNanoseconds()
        var ticks = 0
        var warnedForeignHandler = false
        var warnedThreadCap = false
        var batch: [(tid: Int32, timestamp: UInt64, frames: [UInt])] = []
        var durations: [(UInt64, UInt64)] = []
        var dropped = 0

        func drain(_ ring: Int32) {
            dropped += sampler.collect(ring) { tid, timestamp, frames, handler, unwind in
                batch.append((tid, timestamp, Array(frames)))
                durations.append((handler, unwind))
            }
        }

        while true {
            let wantsMore = condition.withLock { demand > 0 }
            let tickStart = SignalSampler.monotonicNanoseconds()
            let cpuStart = Self.threadCPUNanoseconds()
            batch.removeAll(keepingCapacity: true)
            durations.removeAll(keepingCapacity: true)
            dropped = 0

            if !wantsMore || ticks % Self.relistTicks == 0 {
                let ours = SignalSampler.handlerIsOurs
                if ours || !wantsMore {
                    let present = wantsMore ? Set(threads.threads(excluding: me)) : []
                    for (tid, ring) in attached where !present.contains(tid) {
                        drain(ring)
                        sampler.detach(ring)
                        attached[tid] = nil
                    }
                    for tid in present where attached[tid] == nil {
                        guard attached.count < SignalSampler.maxThreads else {
                            if !warnedThreadCap {
                                warnedThreadCap = true
                                condition.withLock { diagnostics }.log(
                                    .info, "profiling: sampling \(SignalSampler.maxThreads) of \(present.count) threads")
                            }
                            break
                        }
                        if let ring = sampler.attach(tid, interval: Self.interval) { attached[tid] = ring }
                    }
                }
                if !ours, !warnedForeignHandler {
                    warnedForeignHandler = true
                    condition.withLock { diagnostics }.log(.warning, "profiling paused: another SIGPROF handler replaced the profiler's")
                }
            }
            for ring in attached.values { drain(ring) }
            threads.advance()

            if !batch.isEmpty {
                var names: [(Int32, String)] = []
                for sample in batch { names.append((sample.tid, threads.name(of: sample.tid))) }
                store.withLock { store in
                    for sample in batch {
                        sample.frames.withUnsafeBufferPointer {
                            store.append(threadId: sample.tid, timestamp: sample.timestamp, frames: $0)
                        }
                    }
                    for (tid, name) in names where store.threadNames[tid] != name { store.threadNames[tid] = name }
                }
            }
            let tickEnd = SignalSampler.monotonicNanoseconds()
            let cpu = Self.threadCPUNanoseconds() - cpuStart
            statistics.withLock { statistics in
                statistics.samplerCPUNanoseconds += cpu
                for (handler, unwind) in durations { statistics.record(handler: handler, unwind: unwind) }
                statistics.dropped += dropped
                statistics.record(tick: tickEnd - tickStart)
            }

            guard wantsMore else {
                let exits = condition.withLock { () -> Bool in
                    // An acquire() that came while the timers were deleted found this thread
                    // still running: run on for it.
                    guard demand == 0 else { return false }
                    threadRunning = false
                    condition.broadcast()
                    return true
                }
                if exits { return }
                ticks = 0
                continue
            }

            ticks += 1
            if ticks % Self.ticksPerSecond == 0 {
                let now = SignalSampler.monotonicNanoseconds()
                let (keep, callbacks) = condition.withLock { (keepFrom.values.min() ?? now, Array(onSecond.values)) }
                let cutoff = max(keep, now > Self.retention ? now - Self.retention : 0)
                store.withLock { $0.discard(before: cutoff) }
                for callback in callbacks { callback(now) }
            }

            next += Self.drainPeriod
            let now = SignalSampler.monotonicNanoseconds()
            if next + Self.drainPeriod < now { next = now + Self.drainPeriod }  // fell behind (suspended?): no burst
            if next > now {
                let deadline = MonotonicClock.now() + Double(next - now) / 1e9
                condition.withLock {
                    while demand > 0, MonotonicClock.now() < deadline { condition.wait(until: deadline) }
                }
            }
        }
    }
}
