internal import CSentry
package import SentryCore

/// Captures the calling thread's return addresses cheaply (glibc `backtrace`, well under a
/// microsecond for 30 frames). Names, files and lines are filled later, off the hot path, by a
/// symbolicating event processor.
package enum StackCapture {
    /// The current stack as a Sentry stack trace (oldest frame first), skipping `skip` frames of
    /// the caller's own (the capture machinery) and keeping at most `limit` frames.
    package static func current(skip: Int = 1, limit: Int = 100) -> Stacktrace {
        let capacity = max(1, min(limit, 256)) + skip + 1
        return withUnsafeTemporaryAllocation(of: UInt.self, capacity: capacity) { buffer in
            let count = Int(sentry_capture_stack(buffer.baseAddress, Int32(capacity)))
            let usable = buffer.prefix(count).dropFirst(skip + 1).prefix(limit)
            // backtrace gives return addresses, newest first; Sentry wants caller → callee.
            let frames = usable.reversed().map { Frame(instructionAddress: UInt64($0)) }
            return Stacktrace(frames: frames)
        }
    }

    /// The kernel id of the calling thread.
    package static var currentThreadId: UInt64 { sentry_current_thread_id() }
}
