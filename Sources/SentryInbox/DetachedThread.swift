import Glibc

/// Starts detached POSIX threads that run a Swift closure.
///
/// The inbox uses plain blocking sockets, so every connection gets its own thread, plus one thread per
/// listener for `accept(2)`. Threads are detached: the server tracks their lifetime through its own state.
enum DetachedThread {
    /// Holds the closure while it crosses the C boundary of `pthread_create`.
    private final class Payload {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts `body` on a new detached thread. Returns `false` when the system refuses a new thread.
    @discardableResult
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let payload = Unmanaged.passRetained(Payload(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        // Gunzip and envelope parsing keep their buffers on the heap; 1 MiB of stack is plenty.
        pthread_attr_setstacksize(&attributes, 1 << 20)
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let payload = Unmanaged<Payload>.fromOpaque(raw).takeRetainedValue()
            payload.body()
            return nil
        }, payload)
        if result != 0 {
            Unmanaged<Payload>.fromOpaque(payload).release()
            return false
        }
        return true
    }

    /// Sleeps the calling thread for `duration` (no-op for zero or negative durations).
    static func sleep(_ duration: Duration) {
        let nanoseconds = duration.inboxNanoseconds
        guard nanoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}
