// The interrupted instruction of a signal handler's `ucontext_t`, shared by the crash and
// profiling handlers. Internal to CSentry (not in the module's public header).
#ifndef SENTRY_SIGNAL_CONTEXT_H
#define SENTRY_SIGNAL_CONTEXT_H

#include <stdint.h>
#include <ucontext.h>

static inline uintptr_t sentry_interrupted_pc(void *context) {
    if (context == 0) return 0;
    ucontext_t *uc = context;
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.pc;
#else
    (void)uc;
    return 0;
#endif
}

#endif
