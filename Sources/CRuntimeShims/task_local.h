// The Swift runtime's task-local push, pop and read, which `TaskLocal.withValue` inlines to. They are
// part of the runtime's stable ABI (inlinable code in shipped binaries calls them), declared
// here with the Swift calling convention they are built with; the process's Swift runtime
// provides them, so nothing is linked.
#ifndef SENTRY_TASK_LOCAL_H
#define SENTRY_TASK_LOCAL_H

extern void swift_task_localValuePush(const void *key, void *value, const void *valueType)
    __attribute__((swiftcall));
extern void swift_task_localValuePop(void) __attribute__((swiftcall));
extern void *swift_task_localValueGet(const void *key) __attribute__((swiftcall));

/// Binds the value at `value` (moved out: the runtime takes it) to the `TaskLocal` object `key`.
static inline void sentry_task_local_push(const void *key, void *value, const void *valueType) {
    swift_task_localValuePush(key, value, valueType);
}

/// Removes the current task's (or thread's) most recent binding.
static inline void sentry_task_local_pop(void) {
    swift_task_localValuePop();
}
/// The current task's (or thread's) innermost value bound to `key`, or NULL when none is.
static inline void *sentry_task_local_get(const void *key) {
    return swift_task_localValueGet(key);
}
#endif
