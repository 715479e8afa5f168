internal import CSentry
import SentryCore

/// The C sampler (`profiler.c`) seen from Swift: installs the SIGPROF handler once, starts and
/// stops a CPU-time timer per thread, and drains the threads' sample rings. Used by one thread
/// at a time (the sampler thread).
final class SignalSampler {
    /// The most threads sampled at once.
    static let maxThreads = Int(SENTRY_PROFILER_MAX_THREADS)
    /// The most frames kept per stack.
    static let maxFrames = Int(SENTRY_PROFILER_MAX_FRAMES)
    /// Samples moved out of a ring per call.
    private static let batch = 16

    private let results: UnsafeMutablePointer<sentry_profiler_result>

    init() {
        results = .allocate(capacity: Self.batch)
        results.initialize(repeating: sentry_profiler_result(), count: Self.batch)
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

    /// Starts sampling `tid` every `interval` ns of its CPU time; returns its ring, or `nil`.
    func attach(_ tid: Int32, interval: UInt64) -> Int32? {
        let ring = sentry_profiler_attach(tid, interval)
        return ring >= 0 ? ring : nil
    }

    /// Stops sampling the thread of `ring`.
    func detach(_ ring: Int32) { sentry_profiler_detach(ring) }

    /// Moves the samples of `ring` out: `body` receives each one's thread id, timestamp, frames
    /// (leaf first), handler and unwind durations (ns). Returns how many a full ring dropped.
    @discardableResult
    func collect(_ ring: Int32, _ body: (Int32, UInt64, UnsafeBufferPointer<UInt>, UInt64, UInt64) -> Void) -> Int {
        var droppedTotal = 0
        while true {
            var dropped: UInt32 = 0
            let count = Int(sentry_profiler_collect(ring, results, Int32(Self.batch), &dropped))
            droppedTotal += Int(dropped)
            for index in 0..<count {
                let result = results + index
                let frames = UnsafeBufferPointer(
                    start: sentry_profiler_result_frames(result), count: Int(result.pointee.frame_count))
                body(result.pointee.tid, result.pointee.timestamp_ns, frames, result.pointee.handler_ns, result.pointee.unwind_ns)
            }
            if count < Self.batch { return droppedTotal }
        }
    }
}
