#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Alternate signal stacks, one per thread: a fatal-signal handler can only run after a stack
/// overflow if the kernel has somewhere else to put its frame, and `sigaltstack` is per thread.
///
/// Every ``BackgroundThread`` gets one when it starts. While the crash handler is installed
/// (``isWanted``), any other thread gets one the first time it reaches the installed hub through
/// the `SentrySDK` façade (``prepareIfWanted()``: one relaxed load and one thread-specific read
/// once the thread has its stack). Each stack is a private mapping with a guard page below it,
/// unmapped when its thread exits. A thread that already had an alternate stack keeps it.
package enum SignalStack {
    /// The usable bytes of each stack: room for the crash handler's unwinder and writer.
    package static let size = 64 * 1024

    /// Whether threads that call into the SDK should get a stack lazily (the crash handler turns
    /// it on while installed): 0 when not, else the thread-specific key plus one, so the check
    /// on the façade's path is one relaxed load and one `pthread_getspecific`.
    private static let wantedKey = Atomic<Int>(0)

    /// The thread-specific slot: `nil` when the thread was never looked at, ``foreign`` when it
    /// already had a stack of its own, else the base of the mapping this thread owns.
    private static let key: pthread_key_t? = {
        var key = pthread_key_t()
        guard pthread_key_create(&key, { raw in SignalStack.release(raw) }) == 0 else { return nil }
        return key
    }()

    /// The slot's value for a thread whose stack is not ours (never dereferenced).
    private static let foreignMarker = 1
    private static var foreign: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: foreignMarker)! }
    private static let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)

    /// Turns lazy stacks for threads calling into the SDK on or off.
    package static func setWanted(_ value: Bool) {
        wantedKey.store(value ? key.map { Int($0) + 1 } ?? 0 : 0, ordering: .relaxed)
    }

    /// Whether lazy stacks are on.
    package static var isWanted: Bool { wantedKey.load(ordering: .relaxed) != 0 }

    /// Gives the calling thread a stack when lazy stacks are on and it has none yet. Cheap after
    /// the first call on a thread (a few nanoseconds).
    @inline(__always)
    package static func prepareIfWanted() {
        let slot = wantedKey.load(ordering: .relaxed)
        guard slot != 0, pthread_getspecific(pthread_key_t(truncatingIfNeeded: slot - 1)) == nil else { return }
        _ = prepareCurrentThread()
    }

    /// Gives the calling thread an alternate signal stack unless it has one. `false` when the
    /// system refused (no memory, no thread-specific key).
    @discardableResult
    package static func prepareCurrentThread() -> Bool {
        guard let key else { return false }
        if pthread_getspecific(key) != nil { return true }
        var current = stack_t()
        if sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) == 0, current.ss_size > 0 {
            return pthread_setspecific(key, foreign) == 0
        }
        let length = page + size
        guard let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), base != MAP_FAILED else {
            return false
        }
        // The guard page: an overflow of the handler itself faults instead of corrupting memory.
        _ = mprotect(base, page, PROT_NONE)
        var stack = stack_t()
        stack.ss_sp = base + page
        stack.ss_size = size
        stack.ss_flags = 0
        guard sigaltstack(&stack, nil) == 0 else {
            munmap(base, length)
            return false
        }
        guard pthread_setspecific(key, base) == 0 else {
            var off = stack_t()
            off.ss_flags = Int32(SS_DISABLE)
            sigaltstack(&off, nil)
            munmap(base, length)
            return false
        }
        return true
    }

    /// Whether the calling thread has an enabled alternate signal stack (from us or anyone).
    package static var currentThreadHasStack: Bool {
        var current = stack_t()
        return sigaltstack(nil, &current) == 0 && current.ss_flags & Int32(SS_DISABLE) == 0 && current.ss_size > 0
    }

    /// The key's destructor, on the exiting thread: stops using the stack, then unmaps it.
    private static func release(_ raw: UnsafeMutableRawPointer?) {
        guard let raw, raw != foreign else { return }
        var current = stack_t()
        guard sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_ONSTACK) == 0 else { return }
        if current.ss_sp == raw + page {
            var off = stack_t()
            off.ss_flags = Int32(SS_DISABLE)
            guard sigaltstack(&off, nil) == 0 else { return }
        }
        munmap(raw, page + size)
    }
}
