#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Detached OS threads for the SDK's blocking work (network I/O, batching, file I/O): never the
/// caller's thread, never Swift's cooperative pool. Each has an alternate signal stack
/// (``SignalStack``), so a stack overflow on it is reported like any crash.
package enum BackgroundThread {
    /// Holds the closure while it crosses the C boundary of `pthread_create`.
    private final class Payload {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new detached thread with a `stackSize`-byte stack, named `name` when given
    /// (the first 15 bytes show in `top`, `gdb` and `/proc/<pid>/task/<tid>/comm`).
    /// Returns `false` when the system refuses a new thread.
    @discardableResult
    package static func start(
        name: String? = nil, stackSize: Int = 1 << 20, _ body: @escaping @Sendable () -> Void
    ) -> Bool {
        guard let name else { return spawn(stackSize: stackSize, body) }
        return spawn(stackSize: stackSize) {
            nameCurrentThread(name)
            body()
        }
    }

    /// Names the calling thread (Linux keeps 15 bytes), through `/proc/thread-self/comm`.
    package static func nameCurrentThread(_ name: String) {
        #if os(Linux)
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        #endif
    }

    private static func spawn(stackSize: Int, _ body: @escaping @Sendable () -> Void) -> Bool {
        let payload = Unmanaged.passRetained(Payload(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, stackSize)
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            // So a stack overflow on this thread still reaches the crash handler.
            SignalStack.prepareCurrentThread()
            Unmanaged<Payload>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, payload)
        guard status == 0 else {
            Unmanaged<Payload>.fromOpaque(payload).release()
            return false
        }
        return true
    }

    /// Sleeps the calling thread for `milliseconds`.
    package static func sleep(milliseconds: Int) { sleep(.milliseconds(milliseconds)) }

    /// Sleeps the calling thread for `duration` (nothing for zero or less).
    package static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || (seconds == 0 && attoseconds > 0) else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }
}
