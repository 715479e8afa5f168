#define _GNU_SOURCE
#include "CSentry.h"

#include <dlfcn.h>
#include <stdatomic.h>

// libswiftCore exports both; the backtrace demangler is SPI whose signature gained a trailing
// `int *status` in newer runtimes. Passing it to an older 4-argument version is harmless in the
// C calling convention (the extra argument is ignored).
typedef char *(*sentry_backtrace_demangle_fn)(const char *, size_t, char *, size_t *, int *);
typedef char *(*sentry_swift_demangle_fn)(const char *, size_t, char *, size_t *, uint32_t);

static _Atomic(void *) sentry_simplified_fn = NULL;
static _Atomic(void *) sentry_full_fn = NULL;
static _Atomic int sentry_demangle_resolved = 0;

static void sentry_resolve_demanglers(void) {
    if (atomic_load(&sentry_demangle_resolved)) return;
    atomic_store(&sentry_simplified_fn, dlsym(RTLD_DEFAULT, "_swift_backtrace_demangle"));
    atomic_store(&sentry_full_fn, dlsym(RTLD_DEFAULT, "swift_demangle"));
    atomic_store(&sentry_demangle_resolved, 1);
}

char *sentry_demangle_simplified(const char *name, size_t length) {
    if (name == NULL || length == 0) return NULL;
    sentry_resolve_demanglers();
    sentry_backtrace_demangle_fn fn = (sentry_backtrace_demangle_fn)atomic_load(&sentry_simplified_fn);
    if (fn == NULL) return NULL;
    int status = 0;
    return fn(name, length, NULL, NULL, &status);
}

char *sentry_demangle_full(const char *name, size_t length) {
    if (name == NULL || length == 0) return NULL;
    sentry_resolve_demanglers();
    sentry_swift_demangle_fn fn = (sentry_swift_demangle_fn)atomic_load(&sentry_full_fn);
    if (fn == NULL) return NULL;
    return fn(name, length, NULL, NULL, 0);
}
