#define _GNU_SOURCE
#include "CSentry.h"

#include <execinfo.h>
#include <unistd.h>
#include <sys/syscall.h>

int sentry_capture_stack(uintptr_t *buffer, int capacity) {
    if (buffer == 0 || capacity <= 0) {
        return 0;
    }
    return backtrace((void **)buffer, capacity);
}

uint64_t sentry_current_thread_id(void) {
    return (uint64_t)syscall(SYS_gettid);
}
