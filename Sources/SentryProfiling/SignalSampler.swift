internal import CSentry
import SentryCore

/// The C sampler (`profiler.c`) seen from Swift: installs the SIGPROF handler once and samples a
/// batch of threads. Used by the sampler thread only.
final class SignalSampler {
    /// The most threads sampled per tick.
    static let maxThreads = Int(SENTRY_PROFILER_MAX_THREADS)
    /// The most frames kept per stack.
    static let maxFrames = Int(SENTRY_PROFILER_MAX_FRAMES)

    private let results: UnsafeMutablePointer<sentry_profiler_result>

    init() {
        results = .allocate(capacity: Self.maxThreads)
        results.initialize(repeating: sentry_profiler_result(), count: Self.maxThreads)
    }

    deinit { results.deallocate() }

    /// Installs the SIGPROF handler (once per process). Returns why profiling cannot run, or `nil`.
    static func install() -> String? {
        switch sentry_profiler_install() {
        case 0: return nil
        case SENTRY_PROFILER_GLIBC_TOO_OLD:
            let version = String(cString: sentry_profiler_glibc_version())
            return "profiling needs glibc 2.35 or newer (found \(version)): older libgcc unwinders take a lock to find unwind tables, which a signal handler must not"
        case SENTRY_PROFILER_FOREIGN_HANDLER:
            return "profiling is off: another SIGPROF handler is installed (a different profiler?), and it is left alone"
        default:
            return "profiling is off: sigaction(SIGPROF) failed"
        }
    }

    /// Whether the SIGPROF handler is still the profiler's.
    static var handlerIsOurs: Bool { sentry_profiler_handler_is_ours() != 0 }

    /// The monotonic clock, in nanoseconds.
    static func monotonicNanoseconds() -> UInt64 { sentry_profiler_monotonic_ns() }

    /// What one batch gave.
    struct BatchOutcome {
        var sampled = 0
        var timedOut = 0
    }

    /// Samples `threads` at once; `body` receives each sampled thread's id, timestamp, frames
    /// (leaf first), handler and unwind durations (ns).
    func sample(
        _ threads: [Int32], timeout: UInt64,
        _ body: (Int32, UInt64, UnsafeBufferPointer<UInt>, UInt64, UInt64) -> Void
    ) -> BatchOutcome {
        let count = min(threads.count, Self.maxThreads)
        guard count > 0 else { return BatchOutcome() }
        threads.withUnsafeBufferPointer { tids in
            _ = sentry_profiler_sample(tids.baseAddress, Int32(count), timeout, results)
        }
        var outcome = BatchOutcome()
        for index in 0..<count {
            let result = results + index
            switch result.pointee.status {
            case SENTRY_PROFILER_SAMPLED:
                outcome.sampled += 1
                let frames = UnsafeBufferPointer(
                    start: sentry_profiler_result_frames(result), count: Int(result.pointee.frame_count))
                body(result.pointee.tid, result.pointee.timestamp_ns, frames, result.pointee.handler_ns, result.pointee.unwind_ns)
            case SENTRY_PROFILER_TIMED_OUT: outcome.timedOut += 1
            default: break
            }
        }
        return outcome
    }
}
