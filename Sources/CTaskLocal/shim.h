// The Swift runtime's task-local push and pop, which `TaskLocal.withValue` inlines to. They are
// part of the runtime's stable ABI (inlinable code in shipped binaries calls them), declared
// here with the Swift calling convention they are built with; the process's Swift runtime
// provides them, so nothing is linked.
#ifndef SENTRY_CTASKLOCAL_SHIM_H
#define SENTRY_CTASKLOCAL_SHIM_H

extern void swift_task_localValuePush(const void *key, void *value, const void *valueType)
    __attribute__((swiftcall));
extern void swift_task_localValuePop(void) __attribute__((swiftcall));

/// Binds the value at `value` (moved out: the runtime takes it) to the `TaskLocal` object `key`.
static inline void sentry_task_local_push(const void *key, void *value, const void *valueType) {
    swift_task_localValuePush(key, value, valueType);
}

/// Removes the current task's (or thread's) most recent binding.
static inline void sentry_task_local_pop(void) {
    swift_task_localValuePop();
}
#endif
