internal import CRuntimeShims

/// Binds a task-local value for the rest of an async function, without a closure frame.
///
/// `TaskLocal.withValue(_:operation:isolation:)` is back-deployed, so it is never inlined: its
/// operation runs two generic async frames deeper than the caller, and each frame pays a frame
/// allocation and executor checks on entry and after every call. Those frames only push the
/// value, await the operation and pop it; this does the same push and pop in the caller's own
/// frame, through the runtime entry points `withValue`'s inlinable body calls (`CRuntimeShims`).
///
/// Pair every ``bind(_:to:)`` with an ``unbind()`` in a `defer` of the **same async function**, in
/// reverse order of binding: the binding is allocated on the task's allocation stack, so it must
/// be undone before any async frame called after it returns or any frame that was running when it
/// was made ends (the runtime aborts with "freed pointer was not the last allocation" otherwise).
///
/// ```swift
/// TaskLocalBinding.bind(span, to: Scopes.$boundSpan)
/// defer { TaskLocalBinding.unbind() }
/// return try await body()
/// ```
package enum TaskLocalBinding {
    /// Binds `value` to `local` in the current task (or thread) until the matching ``unbind()``.
    ///
    /// Never inlined: its temporary slot must live on this synchronous frame's stack. Inlined into
    /// an async function, a slot of a generic type would come from the task's allocator before the
    /// binding and be freed after it, out of the allocator's stack order.
    @inline(never)
    package static func bind<Value: Sendable>(_ value: Value, to local: TaskLocal<Value>) {
        withUnsafeTemporaryAllocation(of: Value.self, capacity: 1) { slot in
            slot.initializeElement(at: 0, to: value)
            // The runtime moves the value out of the slot into the task's binding stack.
            sentry_task_local_push(
                Unmanaged.passUnretained(local).toOpaque(), slot.baseAddress!,
                unsafeBitCast(Value.self, to: UnsafeRawPointer.self))
        }
    }

    /// The value bound to `local` in the current task (or thread), or `nil` when none is: the
    /// read `local.get()` makes, without its generic copy of the value through the type's value
    /// witnesses (inlined, it is one runtime call and a load). Only for task-locals whose default
    /// is `nil`.
    @inline(__always)
    package static func value<Wrapped: Sendable>(of local: TaskLocal<Wrapped?>) -> Wrapped? {
        guard let stored = sentry_task_local_get(Unmanaged.passUnretained(local).toOpaque()) else { return nil }
        return stored.assumingMemoryBound(to: Wrapped?.self).pointee
    }

    /// Removes the most recent ``bind(_:to:)`` of the current task (or thread).
    @inline(__always)
    package static func unbind() {
        sentry_task_local_pop()
    }
}
