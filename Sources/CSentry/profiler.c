// The sampling profiler's signal side. Each sampled thread gets a POSIX timer on its own CPU
// clock (timer_create on the thread's CPUCLOCK, SIGEV_THREAD_ID): the kernel sends the thread a
// SIGPROF every 9.9 ms of CPU time it uses, so running threads are sampled at 101 Hz and idle
// threads are never woken (their blocking calls never see EINTR), with no per-thread work on
// the sampler thread. The handler, on the interrupted thread, unwinds in place with glibc
// `backtrace()` (libgcc's `_Unwind_Backtrace`, which reads `.eh_frame`, so it is right for -O
// Swift without frame pointers) into the thread's own ring of prepared slots (single producer:
// the thread; single consumer: the sampler thread, which drains them ~25 times a second). A full
// ring drops the sample (counted). In the handler: atomics, clock_gettime, backtrace (primed,
// and with glibc >= 2.35 libgcc finds FDEs through `_dl_find_object`: no lock, no allocation).
// errno is saved and restored.
#define _GNU_SOURCE
#include "CSentry.h"

#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <linux/futex.h>
#include <sched.h>
#include <sys/prctl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define RING_COUNT SENTRY_PROFILER_MAX_THREADS
#define RING_SLOTS 16
#define UNWIND_CAPACITY (SENTRY_PROFILER_MAX_FRAMES + 8)
#define INDEX_BITS 8u
#define INDEX_MASK ((1u << INDEX_BITS) - 1u)
#define GENERATION_MASK (UINT32_MAX >> (INDEX_BITS + 1))

typedef struct {
    int32_t frame_count;
    uint64_t timestamp_ns;
    uint64_t handler_ns;
    uint64_t unwind_ns;
    uintptr_t frames[UNWIND_CAPACITY];
} sentry_profiler_slot;

// One sampled thread. `tid` and `generation` say whose it is (0: free); `busy` is set while a
// handler writes, so the sampler never hands the ring to another thread under it.
typedef struct {
    _Atomic int32_t tid;
    _Atomic uint32_t generation;
    _Atomic int busy;
    _Atomic uint32_t head;  // advanced by the handler (the thread itself)
    _Atomic uint32_t tail;  // advanced by the sampler
    _Atomic uint32_t dropped;
    timer_t timer;  // the sampler thread's only
    int has_timer;
    sentry_profiler_slot slots[RING_SLOTS];
} sentry_profiler_ring;

static sentry_profiler_ring rings[RING_COUNT];
static _Atomic int handler_installed = 0;

static inline uint64_t monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
}

uint64_t sentry_profiler_monotonic_ns(void) { return monotonic_ns(); }

static inline uintptr_t interrupted_pc(void *context) {
    if (context == NULL) return 0;
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

static void sentry_profiler_handler(int signo, siginfo_t *info, void *context) {
    (void)signo;
    int saved_errno = errno;
    uint64_t entered = monotonic_ns();
    if (info == NULL || info->si_code != SI_TIMER) {
        errno = saved_errno;
        return;  // not one of ours (someone's kill -PROF): ignore
    }
    uint32_t value = (uint32_t)info->si_value.sival_int;
    uint32_t index = value & INDEX_MASK;
    uint32_t generation = value >> INDEX_BITS;
    if (index >= RING_COUNT) {
        errno = saved_errno;
        return;
    }
    sentry_profiler_ring *ring = &rings[index];
    int32_t self = (int32_t)syscall(SYS_gettid);
    if (atomic_load(&ring->tid) != self || atomic_load(&ring->generation) != generation) {
        errno = saved_errno;
        return;  // a late signal of a timer that was deleted
    }
    atomic_store(&ring->busy, 1);
    if (atomic_load(&ring->tid) != self || atomic_load(&ring->generation) != generation) {
        atomic_store(&ring->busy, 0);  // detached between the check and the claim
        errno = saved_errno;
        return;
    }
    uint32_t head = atomic_load(&ring->head);
    if (head - atomic_load(&ring->tail) >= RING_SLOTS) {
        atomic_fetch_add(&ring->dropped, 1);
        atomic_store(&ring->busy, 0);
        errno = saved_errno;
        return;
    }
    sentry_profiler_slot *slot = &ring->slots[head % RING_SLOTS];
    uint64_t unwind_start = monotonic_ns();
    int count = backtrace((void **)slot->frames, UNWIND_CAPACITY);
    uint64_t unwind_end = monotonic_ns();
    // Drop the handler's own frames and the signal trampoline: the stack starts at the
    // interrupted instruction. When the unwinder did not get through the signal frame, keep
    // just the interrupted instruction.
    uintptr_t pc = interrupted_pc(context);
    int skip = -1;
    for (int i = 0; i < count && i < 8; i++) {
        if (slot->frames[i] == pc) {
            skip = i;
            break;
        }
    }
    if (skip < 0) {
        slot->frames[0] = pc;
        count = pc != 0 ? 1 : 0;
    } else if (skip > 0) {
        memmove(slot->frames, slot->frames + skip, (size_t)(count - skip) * sizeof(uintptr_t));
        count -= skip;
    }
    if (count > SENTRY_PROFILER_MAX_FRAMES) count = SENTRY_PROFILER_MAX_FRAMES;
    slot->frame_count = count;
    slot->timestamp_ns = entered;
    slot->unwind_ns = unwind_end - unwind_start;
    slot->handler_ns = monotonic_ns() - entered;
    atomic_store(&ring->head, head + 1);
    atomic_store(&ring->busy, 0);
    errno = saved_errno;
}

int sentry_profiler_attach(int32_t tid, uint64_t interval_ns) {
    if (tid <= 0 || interval_ns == 0) return -1;
    for (int index = 0; index < RING_COUNT; index++) {
        sentry_profiler_ring *ring = &rings[index];
        if (ring->has_timer || atomic_load(&ring->tid) != 0 || atomic_load(&ring->busy) != 0) continue;
        uint32_t generation = (atomic_load(&ring->generation) + 1) & GENERATION_MASK;
        atomic_store(&ring->head, 0);
        atomic_store(&ring->tail, 0);
        atomic_store(&ring->dropped, 0);
        atomic_store(&ring->generation, generation);
        atomic_store(&ring->tid, tid);
        struct sigevent event;
        memset(&event, 0, sizeof(event));
        event.sigev_notify = SIGEV_THREAD_ID;
        event.sigev_signo = SIGPROF;
        event.sigev_value.sival_int = (int)(((uint32_t)index) | (generation << INDEX_BITS));
        event._sigev_un._tid = tid;
        // The thread's CPU-time clock (the kernel's CPUCLOCK_SCHED | CPUCLOCK_PERTHREAD_MASK).
        clockid_t clock = (clockid_t)((~(uint32_t)tid) << 3) | 6;
        if (timer_create(clock, &event, &ring->timer) != 0) {
            atomic_store(&ring->tid, 0);
            return -1;  // the thread exited (or timers are exhausted)
        }
        ring->has_timer = 1;
        struct itimerspec every = {
            {(time_t)(interval_ns / 1000000000ull), (long)(interval_ns % 1000000000ull)},
            {(time_t)(interval_ns / 1000000000ull), (long)(interval_ns % 1000000000ull)},
        };
        timer_settime(ring->timer, 0, &every, NULL);
        return index;
    }
    return -1;
}

void sentry_profiler_detach(int index) {
    if (index < 0 || index >= RING_COUNT) return;
    sentry_profiler_ring *ring = &rings[index];
    atomic_store(&ring->tid, 0);
    if (ring->has_timer) {
        timer_delete(ring->timer);
        ring->has_timer = 0;
    }
    // A handler that claimed the ring finishes soon; a ring still busy (its thread stopped
    // mid-handler) is skipped by attach until it is not.
    for (int spin = 0; spin < 1000 && atomic_load(&ring->busy) != 0; spin++) sched_yield();
}

int sentry_profiler_collect(int index, sentry_profiler_result *results, int capacity, uint32_t *dropped) {
    if (index < 0 || index >= RING_COUNT || results == NULL) return 0;
    sentry_profiler_ring *ring = &rings[index];
    uint32_t tail = atomic_load(&ring->tail);
    uint32_t head = atomic_load(&ring->head);
    int32_t tid = atomic_load(&ring->tid);
    int count = 0;
    while (tail != head && count < capacity) {
        sentry_profiler_slot *slot = &ring->slots[tail % RING_SLOTS];
        sentry_profiler_result *result = &results[count++];
        result->tid = tid;
        result->status = SENTRY_PROFILER_SAMPLED;
        result->frame_count = slot->frame_count;
        result->timestamp_ns = slot->timestamp_ns;
        result->handler_ns = slot->handler_ns;
        result->unwind_ns = slot->unwind_ns;
        memcpy(result->frames, slot->frames, (size_t)slot->frame_count * sizeof(uintptr_t));
        tail++;
    }
    atomic_store(&ring->tail, tail);
    if (dropped != NULL) *dropped = atomic_exchange(&ring->dropped, 0);
    return count;
}

int sentry_profiler_glibc_supported(void) {
    const char *version = gnu_get_libc_version();
    if (version == NULL) return 0;
    char *end = NULL;
    long major = strtol(version, &end, 10);
    if (end == NULL || *end != '.') return 0;
    long minor = strtol(end + 1, NULL, 10);
    return major > 2 || (major == 2 && minor >= 35);
}

const char *sentry_profiler_glibc_version(void) { return gnu_get_libc_version(); }

int sentry_profiler_handler_is_ours(void) {
    struct sigaction current;
    if (sigaction(SIGPROF, NULL, &current) != 0) return 0;
    return (current.sa_flags & SA_SIGINFO) && current.sa_sigaction == sentry_profiler_handler;
}

int sentry_profiler_install(void) {
    if (!sentry_profiler_glibc_supported()) return SENTRY_PROFILER_GLIBC_TOO_OLD;
    if (atomic_load(&handler_installed)) {
        return sentry_profiler_handler_is_ours() ? 0 : SENTRY_PROFILER_FOREIGN_HANDLER;
    }
    struct sigaction current;
    if (sigaction(SIGPROF, NULL, &current) != 0) return SENTRY_PROFILER_SIGACTION_FAILED;
    int is_default = !(current.sa_flags & SA_SIGINFO) &&
                     (current.sa_handler == SIG_DFL || current.sa_handler == SIG_IGN);
    if (!is_default) return SENTRY_PROFILER_FOREIGN_HANDLER;
    // The first backtrace() dlopens libgcc_s and primes the unwinder's caches: do it here,
    // on the calling thread, never in the handler.
    void *warm[8];
    backtrace(warm, 8);
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = sentry_profiler_handler;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGPROF, &action, NULL) != 0) return SENTRY_PROFILER_SIGACTION_FAILED;
    // It stays installed for the life of the process: a SIGPROF still pending in some thread
    // after the profiler stopped would otherwise terminate the process (its default action).
    atomic_store(&handler_installed, 1);
    return 0;
}

// MARK: threads (/proc/self/task)

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int read_small_file(const char *path, char *buffer, size_t capacity) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n;
    do {
        n = read(fd, buffer, capacity - 1);
    } while (n < 0 && errno == EINTR);
    close(fd);
    if (n < 0) return -1;
    buffer[n] = 0;
    return (int)n;
}

int sentry_profiler_list_threads(int32_t *tids, char *states, int capacity) {
    int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buffer[4096];
    int total = 0;
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buffer, sizeof(buffer));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (long offset = 0; offset < n;) {
            struct linux_dirent64 *entry = (struct linux_dirent64 *)(buffer + offset);
            offset += entry->d_reclen;
            const char *name = entry->d_name;
            if (name[0] < '0' || name[0] > '9') continue;
            long tid = strtol(name, NULL, 10);
            if (tid <= 0) continue;
            if (total < capacity && tids != NULL) {
                tids[total] = (int32_t)tid;
            }
            total++;
        }
    }
    close(fd);
    return total;
}

int sentry_profiler_thread_name(int32_t tid, char *buffer, int capacity) {
    if (buffer == NULL || capacity < 2) return -1;
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/task/%d/comm", (int)tid);
    int n = read_small_file(path, buffer, (size_t)capacity);
    if (n < 0) return -1;
    while (n > 0 && (buffer[n - 1] == '\n' || buffer[n - 1] == 0)) buffer[--n] = 0;
    return n;
}

int sentry_profiler_current_thread_name(char *buffer, int capacity) {
    if (buffer == NULL || capacity < 17) return -1;
    memset(buffer, 0, 17);
    if (prctl(PR_GET_NAME, (unsigned long)buffer, 0, 0, 0) != 0) return -1;
    return (int)strlen(buffer);
}
