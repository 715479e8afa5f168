// Small C helpers for sentry-swift: things Swift's Glibc module does not expose.
#ifndef SENTRY_CSENTRY_H
#define SENTRY_CSENTRY_H

#include <stdint.h>

/// Writes up to `capacity` return addresses of the calling thread, newest first, into `buffer`.
/// Returns how many were written. Safe to call from any thread (glibc `backtrace`).
int sentry_capture_stack(uintptr_t *buffer, int capacity);

/// The calling thread's kernel thread id (`gettid`).
uint64_t sentry_current_thread_id(void);

#endif
