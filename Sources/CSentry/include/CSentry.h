// Small C helpers for sentry-swift: things Swift's Glibc module does not expose, and the
// async-signal-safe crash handler.
#ifndef SENTRY_CSENTRY_H
#define SENTRY_CSENTRY_H

#include <stddef.h>
#include <stdint.h>

/// Writes up to `capacity` return addresses of the calling thread, newest first, into `buffer`.
/// Returns how many were written. Safe to call from any thread (glibc `backtrace`).
int sentry_capture_stack(uintptr_t *buffer, int capacity);

/// The calling thread's kernel thread id (`gettid`).
uint64_t sentry_current_thread_id(void);

// MARK: Loaded images (dl_iterate_phdr)

/// One loaded ELF image as the dynamic linker sees it.
typedef struct {
    /// The load bias (`dlpi_addr`): runtime address = link-time address + bias.
    uintptr_t bias;
    /// The lowest mapped address (first PT_LOAD, page aligned, plus the bias).
    uintptr_t start;
    /// One past the highest mapped address.
    uintptr_t end;
    /// The lowest PT_LOAD link-time address, page aligned.
    uintptr_t vmaddr;
    /// `dlpi_name` (empty for the main executable); valid while the image stays loaded.
    const char *name;
    /// The GNU build-id bytes (from the PT_NOTE segment in memory).
    uint8_t build_id[64];
    /// How many bytes of `build_id` are valid (0: none).
    uint32_t build_id_length;
} sentry_image_info;

/// Fills up to `capacity` entries of `out`; returns how many images are loaded (may exceed capacity).
int sentry_list_images(sentry_image_info *out, int capacity);

/// The dynamic linker's load and unload counters; they change whenever an image is (un)loaded.
void sentry_image_generation(uint64_t *adds, uint64_t *subs);

// MARK: Demangling (libswiftCore, resolved with dlsym)

/// Demangles a Swift symbol into a short form (`Handler.run(request:)`) with the runtime's
/// backtrace demangler, or a C++ symbol. Returns a malloc'd string or NULL.
char *sentry_demangle_simplified(const char *name, size_t length);

/// Demangles a Swift symbol fully (`MyApp.Handler.run(request: Swift.String) -> ()`) with
/// `swift_demangle`. Returns a malloc'd string or NULL.
char *sentry_demangle_full(const char *name, size_t length);

// MARK: Crash handler

/// Installs the fatal-signal handlers (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE), run on
/// the alternate signal stack of threads that have one (SentryCore's `SignalStack`). The handler writes to `crash_file_path` (copied). Returns 0 on
/// success, -1 when the path is too long or sigaction failed.
int sentry_crash_install(const char *crash_file_path);

/// Restores the handlers found at install time.
void sentry_crash_uninstall(void);

/// Whether the handlers are installed.
int sentry_crash_is_installed(void);

/// Replaces a prepared blob the handler writes: slot 0 the scope snapshot (JSON), slot 1 the
/// loaded images (text). Copied into a preallocated buffer; longer input is refused with -1.
/// Call from one thread at a time.
int sentry_crash_set_blob(int slot, const char *bytes, size_t length);

/// The largest blob accepted.
size_t sentry_crash_blob_capacity(void);

// MARK: Throw-site stacks (the Swift runtime's willThrow hooks)

/// Hooks `_swift_willThrow` and `_swift_willThrowTypedImpl` (once; chained to any hook installed
/// before) and starts recording each throw's return addresses; counted, so every enable needs its
/// disable. Returns -1 (and enables nothing) when the runtime has no such hook.
int sentry_throw_hook_enable(void);

/// Undoes one enable; recording stops after the last. The hook stays chained, so hooks installed
/// after it keep working.
void sentry_throw_hook_disable(void);

/// Copies the thrower's return addresses (newest first) recorded for the error box `box` whose
/// dynamic type is `type` into `out`; returns how many (0: none known).
int sentry_throw_stack(const void *box, const void *type, uintptr_t *out, int capacity);

/// The same for the latest typed throw (`throws(E)`, which has no box) of an error of `type`, if
/// it is at most `max_age_ns` old.
int sentry_latest_throw_stack(const void *type, uint64_t max_age_ns, uintptr_t *out, int capacity);

// MARK: Fast stack walk (CSentry/unwind.c)

/// The current thread's return addresses, newest first, as glibc's `backtrace()` gives them (the
/// first is the return address into the caller of this function); returns how many. On x86_64
/// Linux a DWARF CFI walk with a per-address rule cache; elsewhere, or when that walk finds fewer
/// than 2 frames, `backtrace()` itself.
int sentry_fast_backtrace(uintptr_t *out, int capacity);

/// The CFI walk alone, never `backtrace()` (0 where there is none), for tests.
int sentry_fast_backtrace_only(uintptr_t *out, int capacity);

/// glibc's `backtrace()` with the same first frame as ``sentry_fast_backtrace`` (for comparing).
int sentry_glibc_backtrace(uintptr_t *out, int capacity);

// MARK: Sampling profiler (profiler.c)

/// The most threads sampled at once, and the most frames kept per stack.
#define SENTRY_PROFILER_MAX_THREADS 128
#define SENTRY_PROFILER_MAX_FRAMES 128

/// `sentry_profiler_install` results.
#define SENTRY_PROFILER_GLIBC_TOO_OLD (-1)
#define SENTRY_PROFILER_FOREIGN_HANDLER (-2)
#define SENTRY_PROFILER_SIGACTION_FAILED (-3)

/// `sentry_profiler_result.status` values.
#define SENTRY_PROFILER_SAMPLED 0

/// One stack sample, copied out of a thread's ring by the sampler thread.
typedef struct {
    int32_t tid;
    int32_t status;
    int32_t frame_count;
    /// CLOCK_MONOTONIC when the handler ran.
    uint64_t timestamp_ns;
    /// The whole handler, and the `backtrace()` call inside it.
    uint64_t handler_ns;
    uint64_t unwind_ns;
    /// Leaf first: the interrupted instruction, then return addresses.
    uintptr_t frames[SENTRY_PROFILER_MAX_FRAMES];
} sentry_profiler_result;

/// Whether glibc is 2.35 or newer (libgcc then finds unwind tables without a lock).
int sentry_profiler_glibc_supported(void);
/// glibc's version string.
const char *sentry_profiler_glibc_version(void);
/// Installs the SIGPROF handler (once per process; it stays installed). Returns 0, or one of
/// the SENTRY_PROFILER_* errors: another SIGPROF handler is installed, or glibc is too old.
int sentry_profiler_install(void);
/// Whether the SIGPROF handler installed now is the profiler's.
int sentry_profiler_handler_is_ours(void);
/// Starts sampling thread `tid` every `interval_ns` of its CPU time. Returns its ring index,
/// or -1 (the thread exited, or all rings are in use). Call from one thread at a time.
int sentry_profiler_attach(int32_t tid, uint64_t interval_ns);
/// Stops sampling the thread of ring `index` (collect what it holds first).
void sentry_profiler_detach(int index);
/// Moves up to `capacity` samples out of ring `index` into `results`; returns how many.
/// `dropped` (optional) receives the samples lost to a full ring since the last call.
int sentry_profiler_collect(int index, sentry_profiler_result *results, int capacity, uint32_t *dropped);
/// Lists the process's threads (/proc/self/task). Returns the total, which may exceed `capacity`.
int sentry_profiler_list_threads(int32_t *tids, char *states, int capacity);
/// Reads /proc/self/task/<tid>/comm into `buffer` (NUL terminated). Returns the length or -1.
int sentry_profiler_thread_name(int32_t tid, char *buffer, int capacity);
/// The calling thread's name (prctl PR_GET_NAME, one syscall) into `buffer` (at least 17
/// bytes). Returns the length or -1.
int sentry_profiler_current_thread_name(char *buffer, int capacity);
/// CLOCK_MONOTONIC in nanoseconds.
uint64_t sentry_profiler_monotonic_ns(void);
/// A result's frames.
static inline const uintptr_t *sentry_profiler_result_frames(const sentry_profiler_result *result) {
    return result->frames;
}

#endif
