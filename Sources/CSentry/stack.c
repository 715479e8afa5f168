#define _GNU_SOURCE
#include "CSentry.h"

#include <execinfo.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <pthread.h>

int sentry_capture_stack(uintptr_t *buffer, int capacity) {
    if (buffer == 0 || capacity <= 0) {
        return 0;
    }
    return backtrace((void **)buffer, capacity);
}

uint64_t sentry_current_thread_id(void) {
    return (uint64_t)syscall(SYS_gettid);
}

#include <pthread.h>

void sentry_set_thread_name(const char *name) {
    char short_name[16];
    int i = 0;
    for (; name && name[i] && i < 15; i++) short_name[i] = name[i];
    short_name[i] = 0;
    pthread_setname_np(pthread_self(), short_name);
}
