// The fatal-signal handler. Everything it touches is prepared at install time: the file paths,
// the scope snapshot (a preallocated double buffer), a warmed-up
// `backtrace` and the Swift runtime's fatal-error message slot. In the handler it uses only
// open/write/close/rename/raise/sigaction/clock_gettime/nanosleep and reads of that memory.
// Alternate signal stacks are SentryCore's `SignalStack` (each thread needs its own).
#define _GNU_SOURCE
#include "CSentry.h"
#include "signal_context.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define SENTRY_SCOPE_CAPACITY (64 * 1024)
#define SENTRY_PATH_CAPACITY 4096
#define SENTRY_MAX_FRAMES 128
#define SENTRY_MESSAGE_LIMIT 4096

static const int sentry_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
#define SENTRY_SIGNAL_COUNT ((int)(sizeof(sentry_signals) / sizeof(sentry_signals[0])))

static struct sigaction sentry_previous[SENTRY_SIGNAL_COUNT];
static _Atomic int sentry_installed = 0;
static _Atomic int sentry_handling = 0;  // the writing thread's id, 0 when none
static _Atomic int sentry_written = 0;
static char sentry_path[SENTRY_PATH_CAPACITY];
static char sentry_temporary_path[SENTRY_PATH_CAPACITY];

// Two prepared blobs (slot 0: the scope snapshot, slot 1: the loaded images), each double
// buffered: a refresh writes the inactive half, then publishes it with one atomic store.
#define SENTRY_SLOT_COUNT 2
static char sentry_blob[SENTRY_SLOT_COUNT][2][SENTRY_SCOPE_CAPACITY];
static _Atomic size_t sentry_blob_length[SENTRY_SLOT_COUNT][2];
static _Atomic int sentry_blob_active[SENTRY_SLOT_COUNT] = {-1, -1};
static const char *const sentry_blob_names[SENTRY_SLOT_COUNT] = {"scope", "images"};

// `swift_getFatalErrorMessageBuffer()` (libswiftCore, non-Apple): the runtime stores the last
// fatal error message there before it traps.
typedef _Atomic(const char *) *(*sentry_message_buffer_fn)(void);
static _Atomic(const char *) *sentry_fatal_message_slot = NULL;

// MARK: async-signal-safe output

typedef struct {
    int fd;
    char buffer[512];
    size_t used;
} sentry_writer;

static void sentry_flush(sentry_writer *w) {
    size_t done = 0;
    while (done < w->used) {
        ssize_t n = write(w->fd, w->buffer + done, w->used - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += (size_t)n;
    }
    w->used = 0;
}

static void sentry_put(sentry_writer *w, const char *bytes, size_t length) {
    for (size_t i = 0; i < length; i++) {
        if (w->used == sizeof(w->buffer)) sentry_flush(w);
        w->buffer[w->used++] = bytes[i];
    }
}

static void sentry_put_string(sentry_writer *w, const char *text) {
    size_t length = 0;
    while (text[length] != 0) length++;
    sentry_put(w, text, length);
}

static void sentry_put_unsigned(sentry_writer *w, uint64_t value, int base) {
    char digits[24];
    int count = 0;
    do {
        uint64_t digit = value % (uint64_t)base;
        digits[count++] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
        value /= (uint64_t)base;
    } while (value != 0 && count < (int)sizeof(digits));
    if (base == 16) sentry_put(w, "0x", 2);
    while (count > 0) sentry_put(w, &digits[--count], 1);
}

static void sentry_put_signed(sentry_writer *w, int64_t value) {
    if (value < 0) {
        sentry_put(w, "-", 1);
        sentry_put_unsigned(w, (uint64_t)(-(value + 1)) + 1, 10);
    } else {
        sentry_put_unsigned(w, (uint64_t)value, 10);
    }
}

static void sentry_put_field(sentry_writer *w, const char *key, uint64_t value, int base) {
    sentry_put_string(w, key);
    sentry_put(w, " ", 1);
    sentry_put_unsigned(w, value, base);
    sentry_put(w, "\n", 1);
}

static void sentry_put_blob(sentry_writer *w, const char *key, const char *bytes, size_t length) {
    sentry_put_field(w, key, length, 10);
    sentry_put(w, bytes, length);
    sentry_put(w, "\n", 1);
}


static void sentry_restore_handlers(void) {
    for (int i = 0; i < SENTRY_SIGNAL_COUNT; i++) {
        sigaction(sentry_signals[i], &sentry_previous[i], NULL);
    }
}

static void sentry_write_report(int signal_number, siginfo_t *info, void *context) {
    // A new file of our own: never through a planted symbolic link, never someone else's file.
    unlink(sentry_temporary_path);
    int fd = open(sentry_temporary_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return;
    sentry_writer w;
    w.fd = fd;
    w.used = 0;

    struct timespec now = {0, 0};
    clock_gettime(CLOCK_REALTIME, &now);
    uintptr_t pc = sentry_interrupted_pc(context);

    sentry_put_string(&w, "SENTRYCRASH 1\n");
    sentry_put_field(&w, "signal", (uint64_t)signal_number, 10);
    sentry_put_string(&w, "code ");
    sentry_put_signed(&w, info ? info->si_code : 0);
    sentry_put(&w, "\n", 1);
    sentry_put_field(&w, "address", info ? (uint64_t)(uintptr_t)info->si_addr : 0, 16);
    sentry_put_field(&w, "pc", pc, 16);
    sentry_put_field(&w, "thread", (uint64_t)syscall(SYS_gettid), 10);
    sentry_put_field(&w, "pid", (uint64_t)getpid(), 10);
    sentry_put_field(&w, "seconds", (uint64_t)now.tv_sec, 10);
    sentry_put_field(&w, "nanoseconds", (uint64_t)now.tv_nsec, 10);

    // The unwinder walks through the signal frame (x86_64 and aarch64 glibc describe it in CFI),
    // so the addresses continue past the handler into the crashed code. Drop the handler's own.
    void *frames[SENTRY_MAX_FRAMES];
    int count = backtrace(frames, SENTRY_MAX_FRAMES);
    int first = -1;
    for (int i = 0; i < count; i++) {
        if ((uintptr_t)frames[i] == pc) {
            first = i;
            break;
        }
    }
    if (first < 0) {
        if (pc != 0) sentry_put_field(&w, "frame", pc, 16);
        // Without the pc in the list, keep what follows the kernel's signal trampoline frame.
        first = count > 2 ? 2 : count;
    }
    for (int i = first; i < count; i++) {
        sentry_put_field(&w, "frame", (uint64_t)(uintptr_t)frames[i], 16);
    }

    if (sentry_fatal_message_slot != NULL) {
        const char *message = atomic_load(sentry_fatal_message_slot);
        if (message != NULL) {
            size_t length = 0;
            while (length < SENTRY_MESSAGE_LIMIT && message[length] != 0) length++;
            sentry_put_blob(&w, "message", message, length);
        }
    }

    for (int slot = 0; slot < SENTRY_SLOT_COUNT; slot++) {
        int active = atomic_load(&sentry_blob_active[slot]);
        if (active == 0 || active == 1) {
            size_t length = atomic_load(&sentry_blob_length[slot][active]);
            if (length <= SENTRY_SCOPE_CAPACITY) {
                sentry_put_blob(&w, sentry_blob_names[slot], sentry_blob[slot][active], length);
            }
        }
    }
    sentry_put_string(&w, "end\n");
    sentry_flush(&w);
    close(fd);
    rename(sentry_temporary_path, sentry_path);
}

// How long a thread that crashes while another writes the report waits for it (the writer
// normally needs well under a millisecond), and how long it then gives the writer's own fatal
// signal to end the process before it ends it itself.
#define SENTRY_WAIT_FOR_WRITER_NS (5LL * 1000 * 1000 * 1000)
#define SENTRY_WAIT_FOR_EXIT_NS (1LL * 1000 * 1000 * 1000)
#define SENTRY_WAIT_STEP_NS (1000 * 1000)

static void sentry_wait_while(_Atomic int *flag, int value, long long budget_ns) {
    struct timespec step = {0, SENTRY_WAIT_STEP_NS};
    for (long long waited = 0; waited < budget_ns && atomic_load(flag) == value; waited += SENTRY_WAIT_STEP_NS) {
        nanosleep(&step, NULL);
    }
}

static void sentry_crash_handler(int signal_number, siginfo_t *info, void *context) {
    int saved_errno = errno;
    // The writer's thread id; 0 while nobody writes. The first crashing thread writes the
    // report; a thread that crashes meanwhile must not restore the default handlers and return
    // (its fault would kill the process halfway through the report), so it waits for the writer
    // to finish, then leaves the writer's own signal time to end the process.
    int self = (int)syscall(SYS_gettid);
    int expected = 0;
    if (atomic_compare_exchange_strong(&sentry_handling, &expected, self)) {
        sentry_write_report(signal_number, info, context);
        atomic_store(&sentry_written, 1);
    } else if (expected != self) {
        sentry_wait_while(&sentry_written, 0, SENTRY_WAIT_FOR_WRITER_NS);
        // Written: the writer's signal ends the process meanwhile (not written in time: go on).
        sentry_wait_while(&sentry_written, 1, SENTRY_WAIT_FOR_EXIT_NS);
    }
    // (expected == self: a second fatal signal inside our own handler; fall through and die.)
    // Let the process die as it would have: the previous disposition (default, or the handler
    // that was there before us) takes over.
    sentry_restore_handlers();
    errno = saved_errno;
    int code = info ? info->si_code : 0;
    if (code <= 0 || signal_number == SIGABRT || signal_number == SIGTRAP) {
        // Sent by a process or by abort(), or a trap whose pc is past the instruction: raise it
        // again. It is blocked until this handler returns, then delivered to the old action.
        raise(signal_number);
    }
    // A fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE): returning re-executes the faulting instruction,
    // which now meets the previous disposition.
}

int sentry_crash_install(const char *crash_file_path) {
    if (crash_file_path == NULL) return -1;
    size_t length = strlen(crash_file_path);
    if (length + 5 >= SENTRY_PATH_CAPACITY) return -1;
    memcpy(sentry_path, crash_file_path, length + 1);
    memcpy(sentry_temporary_path, crash_file_path, length);
    memcpy(sentry_temporary_path + length, ".tmp", 5);

    // Warm up: the first backtrace() loads libgcc_s, which is not safe inside a handler.
    void *warm[4];
    backtrace(warm, 4);

    void *lookup = dlsym(RTLD_DEFAULT, "swift_getFatalErrorMessageBuffer");
    if (lookup != NULL) sentry_fatal_message_slot = ((sentry_message_buffer_fn)lookup)();

    atomic_store(&sentry_written, 0);
    atomic_store(&sentry_handling, 0);
    if (atomic_load(&sentry_installed)) return 0;

    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = sentry_crash_handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < SENTRY_SIGNAL_COUNT; i++) {
        if (sigaction(sentry_signals[i], &action, &sentry_previous[i]) != 0) {
            for (int j = 0; j < i; j++) sigaction(sentry_signals[j], &sentry_previous[j], NULL);
            return -1;
        }
    }
    atomic_store(&sentry_installed, 1);
    return 0;
}

void sentry_crash_uninstall(void) {
    if (!atomic_load(&sentry_installed)) return;
    sentry_restore_handlers();
    atomic_store(&sentry_installed, 0);
}

int sentry_crash_is_installed(void) { return atomic_load(&sentry_installed); }

int sentry_crash_set_blob(int slot, const char *bytes, size_t length) {
    if (slot < 0 || slot >= SENTRY_SLOT_COUNT || bytes == NULL || length > SENTRY_SCOPE_CAPACITY) return -1;
    if (atomic_load(&sentry_handling)) return -1;
    int active = atomic_load(&sentry_blob_active[slot]);
    int next = active == 0 ? 1 : 0;
    memcpy(sentry_blob[slot][next], bytes, length);
    atomic_store(&sentry_blob_length[slot][next], length);
    atomic_store(&sentry_blob_active[slot], next);
    return 0;
}

size_t sentry_crash_blob_capacity(void) { return SENTRY_SCOPE_CAPACITY; }
