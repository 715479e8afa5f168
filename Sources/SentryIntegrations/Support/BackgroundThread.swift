internal import CSentry

#if canImport(Glibc)
import Glibc
#endif

/// Starts detached POSIX threads for the integrations' background work (never the cooperative
/// pool: the work blocks on file I/O or sleeps).
enum BackgroundThread {
    /// Holds the closure while it crosses the C boundary of `pthread_create`.
    private final class Payload {
        let name: String
        let body: @Sendable () -> Void
        init(_ name: String, _ body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Starts `body` on a new detached thread named `name` (at most 15 bytes are kept).
    /// Returns `false` when the system refuses a new thread.
    @discardableResult
    static func start(name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        let payload = Unmanaged.passRetained(Payload(name, body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, 1 << 20)
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let payload = Unmanaged<Payload>.fromOpaque(raw).takeRetainedValue()
            sentry_set_thread_name(payload.name)
            payload.body()
            return nil
        }, payload)
        if result != 0 {
            Unmanaged<Payload>.fromOpaque(payload).release()
            return false
        }
        return true
    }

    /// Sleeps the calling thread for `milliseconds`.
    static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }
}
