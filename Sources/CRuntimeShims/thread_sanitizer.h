// ThreadSanitizer's annotations, for a lock whose atomics it might not see. Declared weak: in a
// build without `-sanitize=thread` nothing defines them, each pointer is NULL and a call is a
// load and a branch. Under TSan its runtime defines them: what one thread did before a release
// happens before what another does after an acquire of the same address.
#ifndef SENTRY_THREAD_SANITIZER_H
#define SENTRY_THREAD_SANITIZER_H

extern void __tsan_acquire(void *addr) __attribute__((weak));
extern void __tsan_release(void *addr) __attribute__((weak));

static inline void sentry_tsan_acquire(void *address) {
    if (__tsan_acquire) __tsan_acquire(address);
}

static inline void sentry_tsan_release(void *address) {
    if (__tsan_release) __tsan_release(address);
}
#endif
