// The sampling profiler's signal side. The sampler thread (Swift, SentryProfiling) lists the
// process's threads, prepares one slot per thread and sends each a SIGPROF carrying the slot's
// token (rt_tgsigqueueinfo, si_code SI_QUEUE). The handler, on the interrupted thread, claims
// its slot (requested -> writing), unwinds in place with glibc `backtrace()` (libgcc's
// `_Unwind_Backtrace`, which reads `.eh_frame`, so it is right for -O Swift without frame
// pointers), and publishes it (writing -> done). The sampler copies done slots out and cancels
// requests that timed out (requested -> idle); a slot still being written is never reused until
// its handler has finished. In the handler: atomics, clock_gettime, backtrace (primed, and with
// glibc >= 2.35 libgcc finds FDEs through `_dl_find_object`: no lock, no allocation) and one
// futex wake. errno is saved and restored.
#define _GNU_SOURCE
#include "CSentry.h"

#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

enum { SLOT_IDLE = 0, SLOT_REQUESTED = 1, SLOT_WRITING = 2, SLOT_DONE = 3 };
#define SLOT_COUNT SENTRY_PROFILER_MAX_THREADS
#define UNWIND_CAPACITY (SENTRY_PROFILER_MAX_FRAMES + 8)
#define INDEX_BITS 8u
#define INDEX_MASK ((1u << INDEX_BITS) - 1u)

typedef struct {
    _Atomic int state;
    _Atomic int32_t tid;
    _Atomic uint32_t token;
    int frame_count;
    uint64_t timestamp_ns;
    uint64_t handler_ns;
    uint64_t unwind_ns;
    uintptr_t frames[UNWIND_CAPACITY];
} sentry_profiler_slot;

static sentry_profiler_slot slots[SLOT_COUNT];
// The sampler waits on `pending` (requests of the current batch not answered yet); the handler
// that answers the last one wakes it, so a tick costs the sampler one sleep, not one per thread.
static _Atomic int32_t pending = 0;
static _Atomic uint32_t current_batch = 0;
static _Atomic uint32_t generation = 0;
static _Atomic int handler_installed = 0;
static _Atomic pid_t process_id = 0;

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
    if (info == NULL || info->si_code != SI_QUEUE || info->si_pid != atomic_load(&process_id)) {
        errno = saved_errno;
        return;  // not ours (someone's kill -PROF): ignore
    }
    uint32_t token = (uint32_t)info->si_value.sival_int;
    uint32_t index = token & INDEX_MASK;
    if (index >= SLOT_COUNT) {
        errno = saved_errno;
        return;
    }
    sentry_profiler_slot *slot = &slots[index];
    int32_t self = (int32_t)syscall(SYS_gettid);
    int expected = SLOT_REQUESTED;
    if (atomic_load(&slot->token) != token || atomic_load(&slot->tid) != self ||
        !atomic_compare_exchange_strong(&slot->state, &expected, SLOT_WRITING)) {
        errno = saved_errno;
        return;  // a late signal for a request that was cancelled or reused
    }
    if (atomic_load(&slot->token) != token || atomic_load(&slot->tid) != self) {
        atomic_store(&slot->state, SLOT_REQUESTED);  // re-requested between the check and the claim
        errno = saved_errno;
        return;
    }
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
    atomic_store(&slot->state, SLOT_DONE);
    if ((token >> INDEX_BITS) == atomic_load(&current_batch) && atomic_fetch_sub(&pending, 1) <= 1) {
        syscall(SYS_futex, &pending, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    }
    errno = saved_errno;
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
    atomic_store(&process_id, getpid());
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

static int send_request(pid_t pid, int32_t tid, uint32_t token) {
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    info.si_signo = SIGPROF;
    info.si_code = SI_QUEUE;
    info.si_pid = pid;
    info.si_uid = getuid();
    info.si_value.sival_int = (int)token;
    return (int)syscall(SYS_rt_tgsigqueueinfo, pid, tid, SIGPROF, &info);
}

int sentry_profiler_sample(const int32_t *tids, int count, uint64_t timeout_ns, sentry_profiler_result *results) {
    if (tids == NULL || results == NULL || count <= 0) return 0;
    if (count > SLOT_COUNT) count = SLOT_COUNT;
    pid_t pid = atomic_load(&process_id);
    // Slots whose handler finished after an earlier timeout: free them now.
    for (int i = 0; i < SLOT_COUNT; i++) {
        int done = SLOT_DONE;
        atomic_compare_exchange_strong(&slots[i].state, &done, SLOT_IDLE);
    }
    int slot_of[SLOT_COUNT];
    int next_slot = 0;
    uint32_t batch = (atomic_fetch_add(&generation, 1) + 1) & (UINT32_MAX >> INDEX_BITS);
    atomic_store(&current_batch, batch);
    atomic_store(&pending, count);
    for (int i = 0; i < count; i++) {
        results[i].tid = tids[i];
        results[i].status = SENTRY_PROFILER_NO_SLOT;
        results[i].frame_count = 0;
        slot_of[i] = -1;
        while (next_slot < SLOT_COUNT && atomic_load(&slots[next_slot].state) != SLOT_IDLE) next_slot++;
        if (next_slot == SLOT_COUNT) {
            atomic_fetch_sub(&pending, 1);
            continue;
        }
        sentry_profiler_slot *slot = &slots[next_slot];
        uint32_t token = (batch << INDEX_BITS) | (uint32_t)next_slot;
        atomic_store(&slot->tid, tids[i]);
        atomic_store(&slot->token, token);
        atomic_store(&slot->state, SLOT_REQUESTED);
        if (send_request(pid, tids[i], token) != 0) {
            int requested = SLOT_REQUESTED;
            atomic_compare_exchange_strong(&slot->state, &requested, SLOT_IDLE);
            results[i].status = SENTRY_PROFILER_GONE;
            atomic_fetch_sub(&pending, 1);
            next_slot++;
            continue;
        }
        slot_of[i] = next_slot++;
        results[i].status = SENTRY_PROFILER_TIMED_OUT;
    }
    uint64_t deadline = monotonic_ns() + timeout_ns;
    for (;;) {
        int32_t seen = atomic_load(&pending);
        int unanswered = 0;
        for (int i = 0; i < count; i++) {
            if (slot_of[i] >= 0 && atomic_load(&slots[slot_of[i]].state) != SLOT_DONE) unanswered++;
        }
        if (unanswered == 0) break;
        uint64_t now = monotonic_ns();
        if (now >= deadline) break;
        uint64_t left = deadline - now;
        struct timespec wait = {(time_t)(left / 1000000000ull), (long)(left % 1000000000ull)};
        // Returns at once when `pending` moved since it was read (no lost wake-up).
        // (A stray answer, an earlier batch's late handler, may take the count to zero early;
        // every answer that leaves it at zero or below wakes the sampler, so none is missed.)
        syscall(SYS_futex, &pending, FUTEX_WAIT_PRIVATE, seen, &wait, NULL, 0);
    }
    atomic_store(&current_batch, 0);
    int sampled = 0;
    for (int i = 0; i < count; i++) {
        if (slot_of[i] < 0) continue;
        sentry_profiler_slot *slot = &slots[slot_of[i]];
        int requested = SLOT_REQUESTED;
        if (atomic_compare_exchange_strong(&slot->state, &requested, SLOT_IDLE)) continue;  // timed out
        if (atomic_load(&slot->state) != SLOT_DONE) continue;  // still writing: freed by a later call
        int frames = slot->frame_count;
        memcpy(results[i].frames, slot->frames, (size_t)frames * sizeof(uintptr_t));
        results[i].frame_count = frames;
        results[i].timestamp_ns = slot->timestamp_ns;
        results[i].handler_ns = slot->handler_ns;
        results[i].unwind_ns = slot->unwind_ns;
        results[i].status = SENTRY_PROFILER_SAMPLED;
        atomic_store(&slot->state, SLOT_IDLE);
        sampled++;
    }
    return sampled;
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

char sentry_profiler_thread_state(int32_t tid) {
    char path[64];
    char stat[512];
    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
    if (read_small_file(path, stat, sizeof(stat)) <= 0) return 0;
    char *close_paren = strrchr(stat, ')');
    if (close_paren == NULL || close_paren[1] != ' ') return 0;
    return close_paren[2];
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
                if (states != NULL) states[total] = sentry_profiler_thread_state((int32_t)tid);
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

char sentry_profiler_stat_state(int fd) {
    char stat[512];
    ssize_t n;
    do {
        n = pread(fd, stat, sizeof(stat) - 1, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return 0;
    stat[n] = 0;
    char *close_paren = strrchr(stat, ')');
    if (close_paren == NULL || close_paren[1] != ' ') return 0;
    return close_paren[2];
}

int64_t sentry_profiler_schedstat_runtime(int fd) {
    char text[128];
    ssize_t n;
    do {
        n = pread(fd, text, sizeof(text) - 1, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return -1;
    text[n] = 0;
    char *end = NULL;
    long long value = strtoll(text, &end, 10);
    if (end == text) return -1;
    return (int64_t)value;
}
