// Throw-site stacks: a hook on the Swift runtime's `_swift_willThrow` (every `throw` of an
// untyped error) and `_swift_willThrowTypedImpl` (typed throws) records the thrower's return
// addresses in a fixed, direct-mapped table keyed by the error box (or, for typed throws, by the
// error's type). No allocation, no lock: each slot is a sequence lock of relaxed atomics, so
// readers never see a half-written stack and ThreadSanitizer sees no race.
#define _GNU_SOURCE
#include "CSentry.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#define SLOT_COUNT 512
#define SLOT_FRAMES 48
// Our own frames above the thrower (`record`, `on_throw`); the runtime's `swift_willThrow` may
// follow, unless it tail-called the hook.
#define OWN_FRAMES 2
// How far past their entry points `swift_willThrow`/`swift_willThrowTyped` still count as theirs.
#define RUNTIME_FUNCTION_SPAN 512

typedef void (*will_throw_fn)(void *error);
typedef void (*will_throw_typed_fn)(const void *value, const void *type, const void *conformance);

typedef struct {
    _Atomic uint64_t sequence;  // odd while a writer fills the slot
    _Atomic uintptr_t key;
    _Atomic uintptr_t retained; // the error box this slot keeps alive (0: none, a typed throw)
    _Atomic uintptr_t type;
    _Atomic uint64_t time;      // CLOCK_MONOTONIC nanoseconds of the throw
    _Atomic uint32_t count;
    _Atomic uintptr_t frames[SLOT_FRAMES];
} slot;

static slot slots[SLOT_COUNT];
static _Atomic int enabled = 0;
static _Atomic(will_throw_fn) *untyped_hook = 0;
static _Atomic(will_throw_typed_fn) *typed_hook = 0;
static _Atomic(will_throw_fn) previous_untyped = 0;
static _Atomic(will_throw_typed_fn) previous_typed = 0;
// Written once before the hooks are installed; read by the hooks, which the runtime calls without
// telling ThreadSanitizer about its own acquire: hence atomics.
static _Atomic uintptr_t runtime_entries[2];
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static size_t slot_index(uintptr_t key) {
    uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 55) & (SLOT_COUNT - 1);
}

// The error box of an untyped throw holds the error's type right after the heap object header
// (metadata and reference counts): `SwiftError { HeapObject; const Metadata *type; ... }`.
static uintptr_t boxed_type(const void *box) { return ((const uintptr_t *)box)[2]; }

// The Swift runtime's reference counting: a slot keeps its error box alive, so the box's address
// cannot be reused by a newer error (of the same type) while the slot still names it.
extern void *swift_retain(void *object);
extern void swift_release(void *object);

static void store(uintptr_t key, uintptr_t type, int boxed, const uintptr_t *frames, int count) {
    slot *s = &slots[slot_index(key)];
    uint64_t sequence = atomic_load_explicit(&s->sequence, memory_order_relaxed);
    if ((sequence & 1) ||
        !atomic_compare_exchange_strong_explicit(&s->sequence, &sequence, sequence + 1, memory_order_acquire,
                                                 memory_order_relaxed)) {
        return;  // another thread is writing this slot: keep theirs
    }
    uintptr_t released = atomic_load_explicit(&s->retained, memory_order_relaxed);
    if (boxed) swift_retain((void *)key);
    atomic_store_explicit(&s->retained, boxed ? key : 0, memory_order_relaxed);
    for (int i = 0; i < count; i++) atomic_store_explicit(&s->frames[i], frames[i], memory_order_relaxed);
    atomic_store_explicit(&s->count, (uint32_t)count, memory_order_relaxed);
    atomic_store_explicit(&s->key, key, memory_order_relaxed);
    atomic_store_explicit(&s->type, type, memory_order_relaxed);
    atomic_store_explicit(&s->time, now_ns(), memory_order_relaxed);
    atomic_store_explicit(&s->sequence, sequence + 2, memory_order_release);
    if (released) swift_release((void *)released);  // after publishing: a deinit may throw, too
}

static void sentry_on_throw(void *error);
static void sentry_on_throw_typed(const void *value, const void *type, const void *conformance);

// How far past its entry point a frame still counts as one of our hook functions.
#define HOOK_FUNCTION_SPAN 512

static int in_function(uintptr_t address, uintptr_t entry, uintptr_t span) {
    return entry && address > entry && address - entry < span;
}

// Records the thrower's stack under the error box of an untyped throw, or under the error's type
// for a typed throw (which has no box: the latest typed throw of each type is kept).
__attribute__((noinline)) static void record(uintptr_t box, uintptr_t type) {
    uintptr_t frames[SLOT_FRAMES + OWN_FRAMES + 1];
    int count = sentry_fast_backtrace(frames, SLOT_FRAMES + OWN_FRAMES + 1);
    // Skip through our hook's frame (a sanitizer may add frames of its own above it), then the
    // runtime's `swift_willThrow*` if it did not tail-call us.
    int skip = OWN_FRAMES;
    for (int i = 0; i < count && i < OWN_FRAMES + 4; i++) {
        if (in_function(frames[i], (uintptr_t)sentry_on_throw, HOOK_FUNCTION_SPAN) ||
            in_function(frames[i], (uintptr_t)sentry_on_throw_typed, HOOK_FUNCTION_SPAN)) {
            skip = i + 1;
            break;
        }
    }
    for (int i = 0; i < 2 && skip < count; i++) {
        uintptr_t entry = atomic_load_explicit(&runtime_entries[i], memory_order_relaxed);
        if (in_function(frames[skip], entry, RUNTIME_FUNCTION_SPAN)) {
            skip++;
            break;
        }
    }
    if (count <= skip) return;
    int kept = count - skip > SLOT_FRAMES ? SLOT_FRAMES : count - skip;
    store(box ? box : type, type, box != 0, frames + skip, kept);
}

static void sentry_on_throw(void *error) {
    if (error && atomic_load_explicit(&enabled, memory_order_relaxed) > 0) {
        record((uintptr_t)error, boxed_type(error));
    }
    will_throw_fn next = atomic_load_explicit(&previous_untyped, memory_order_acquire);
    if (next) next(error);
}

static void sentry_on_throw_typed(const void *value, const void *type, const void *conformance) {
    if (type && atomic_load_explicit(&enabled, memory_order_relaxed) > 0) {
        // A typed error has no box: only its type keys it (the latest throw of that type wins).
        record(0, (uintptr_t)type);
    }
    will_throw_typed_fn next = atomic_load_explicit(&previous_typed, memory_order_acquire);
    if (next) next(value, type, conformance);
}

static void install(void) {
    uintptr_t warm[4];
    sentry_glibc_backtrace(warm, 4);  // the first call loads libgcc_s: never inside a throw
    atomic_store_explicit(&runtime_entries[0], (uintptr_t)dlsym(RTLD_DEFAULT, "swift_willThrow"), memory_order_relaxed);
    atomic_store_explicit(&runtime_entries[1], (uintptr_t)dlsym(RTLD_DEFAULT, "swift_willThrowTypedImpl"),
                          memory_order_relaxed);
    untyped_hook = (_Atomic(will_throw_fn) *)dlsym(RTLD_DEFAULT, "_swift_willThrow");
    typed_hook = (_Atomic(will_throw_typed_fn) *)dlsym(RTLD_DEFAULT, "_swift_willThrowTypedImpl");
    // Chain to whoever hooked first (they keep being called after us), known before ours goes in.
    if (untyped_hook) {
        will_throw_fn current = atomic_load(untyped_hook);
        do { atomic_store(&previous_untyped, current); } while (!atomic_compare_exchange_weak(untyped_hook, &current, sentry_on_throw));
    }
    if (typed_hook) {
        will_throw_typed_fn current = atomic_load(typed_hook);
        do { atomic_store(&previous_typed, current); } while (!atomic_compare_exchange_weak(typed_hook, &current, sentry_on_throw_typed));
    }
}

int sentry_throw_hook_enable(void) {
    pthread_once(&install_once, install);  // every caller returns after the hooks are in
    if (!untyped_hook) return -1;
    atomic_fetch_add(&enabled, 1);
    return 0;
}

void sentry_throw_hook_disable(void) {
    // The hook stays chained (someone may have chained after it); it only stops recording once
    // every SDK that enabled it has disabled it.
    int current = atomic_load(&enabled);
    while (current > 0 && !atomic_compare_exchange_weak(&enabled, &current, current - 1)) {}
}

static int lookup(uintptr_t key, uintptr_t type, uint64_t max_age_ns, uintptr_t *out, int capacity) {
    slot *s = &slots[slot_index(key)];
    for (int attempt = 0; attempt < 4; attempt++) {
        uint64_t before = atomic_load_explicit(&s->sequence, memory_order_acquire);
        if (before & 1) continue;
        if (atomic_load_explicit(&s->key, memory_order_relaxed) != key ||
            atomic_load_explicit(&s->type, memory_order_relaxed) != type) {
            return 0;
        }
        uint64_t time = atomic_load_explicit(&s->time, memory_order_relaxed);
        int count = (int)atomic_load_explicit(&s->count, memory_order_relaxed);
        if (count > capacity) count = capacity;
        for (int i = 0; i < count; i++) out[i] = atomic_load_explicit(&s->frames[i], memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&s->sequence, memory_order_relaxed) != before) continue;
        if (max_age_ns && now_ns() - time > max_age_ns) return 0;
        return count;
    }
    return 0;
}

int sentry_throw_stack(const void *box, const void *type, uintptr_t *out, int capacity) {
    if (!box || !out || capacity <= 0) return 0;
    return lookup((uintptr_t)box, (uintptr_t)type, 0, out, capacity);
}

int sentry_latest_throw_stack(const void *type, uint64_t max_age_ns, uintptr_t *out, int capacity) {
    if (!type || !out || capacity <= 0) return 0;
    return lookup((uintptr_t)type, (uintptr_t)type, max_age_ns, out, capacity);
}
