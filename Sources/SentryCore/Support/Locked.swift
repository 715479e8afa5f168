#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a pthread mutex.
///
/// The SDK uses this rather than `Synchronization.Mutex` because ThreadSanitizer understands
/// pthread locks: on Linux `Mutex` locks through futexes inside the uninstrumented runtime, so
/// TSan reports every access it guards as a race and real races would hide among them. The
/// cost is a few nanoseconds per lock.
///
/// `@unchecked Sendable`: `value` is only read or written inside `withLock`, while `mutex` is held.
public final class Locked<Value>: @unchecked Sendable {
    @usableFromInline let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    @usableFromInline var value: Value

    /// Guards `value`.
    public init(_ value: Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inlinable
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
