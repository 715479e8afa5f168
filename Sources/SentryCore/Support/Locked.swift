#if canImport(Glibc)
package import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a pthread mutex, both in one allocation.
///
/// The SDK uses this rather than `Synchronization.Mutex` because ThreadSanitizer understands
/// pthread locks: on Linux `Mutex` locks through futexes inside the uninstrumented runtime, so
/// TSan reports every access it guards as a race and real races would hide among them.
///
/// A value with reference semantics: copies share the one guarded value.
/// `@unchecked Sendable`: the value is only reached inside `withLock`, while the mutex is held.
package struct Locked<Value>: @unchecked Sendable {
    /// The guarded value as the buffer's header, the mutex as its one element.
    @usableFromInline
    final class Storage: ManagedBuffer<Value, pthread_mutex_t> {
        deinit {
            _ = withUnsafeMutablePointerToElements { pthread_mutex_destroy($0) }
        }
    }

    @usableFromInline let storage: Storage

    /// Guards `value`.
    package init(_ value: Value) {
        // `create` returns the subclass it was called on.
        storage = unsafeDowncast(Storage.create(minimumCapacity: 1) { _ in value }, to: Storage.self)
        storage.withUnsafeMutablePointerToElements { _ = pthread_mutex_init($0, nil) }
    }

    /// Runs `body` with exclusive access to the value.
    @inlinable
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try storage.withUnsafeMutablePointers { value, mutex in
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return try body(&value.pointee)
        }
    }
}
