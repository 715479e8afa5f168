internal import CRuntimeShims

/// A value guarded by a lock, both in one allocation.
///
/// The lock is one 32-bit futex word (`CRuntimeShims`' `futex_lock.h`): uncontended, taking and
/// giving it up are one atomic instruction each, where a pthread mutex costs about four times
/// as many instructions. ThreadSanitizer is told of each acquire and release (weak
/// annotations: without TSan, a load and a branch), so it sees the synchronization as it sees a
/// pthread mutex's.
///
/// A value with reference semantics: copies share the one guarded value.
/// `@unchecked Sendable`: the value is only reached inside `withLock`, while the lock is held.
package struct Locked<Value>: @unchecked Sendable {
    /// The guarded value as the buffer's header, the lock word as its one element.
    @usableFromInline
    final class Storage: ManagedBuffer<Value, UInt32> {}

    @usableFromInline let storage: Storage

    /// Guards `value`.
    package init(_ value: Value) {
        // `create` returns the subclass it was called on.
        storage = unsafeDowncast(Storage.create(minimumCapacity: 1) { _ in value }, to: Storage.self)
        storage.withUnsafeMutablePointerToElements { $0.initialize(to: 0) }
    }

    /// Runs `body` with exclusive access to the value.
    @inlinable
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try storage.withUnsafeMutablePointers { value, word in
            sentry_futex_lock(word)
            defer { sentry_futex_unlock(word) }
            return try body(&value.pointee)
        }
    }
}
