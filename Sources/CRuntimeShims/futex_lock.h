// A lock in one 32-bit word: 0 free, 1 held, 2 held with waiters (the classic futex mutex).
// Uncontended, taking and giving it up are one atomic instruction each; a waiter sleeps in the
// kernel (FUTEX_WAIT) until the holder wakes one (FUTEX_WAKE). Header-only: libc's `syscall`
// is all it calls.
#ifndef SENTRY_FUTEX_LOCK_H
#define SENTRY_FUTEX_LOCK_H

#include <stdint.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/futex.h>
#include "thread_sanitizer.h"

static inline void sentry_futex_lock_wait(uint32_t *word) {
    // Mark the lock contended; whoever gives it up then wakes a sleeper.
    while (__atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE) != 0) {
        syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, 2, (void *)0, (void *)0, 0);
    }
}

/// Takes the lock at `word`.
static inline void sentry_futex_lock(uint32_t *word) {
    uint32_t expected = 0;
    if (!__atomic_compare_exchange_n(word, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        sentry_futex_lock_wait(word);
    }
    sentry_tsan_acquire(word);
}

/// Gives the lock at `word` up, waking one waiter if there is any.
static inline void sentry_futex_unlock(uint32_t *word) {
    sentry_tsan_release(word);
    if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2) {
        syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, (void *)0, (void *)0, 0);
    }
}
#endif
