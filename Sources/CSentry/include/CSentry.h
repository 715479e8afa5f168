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

/// Names the calling thread (at most 15 bytes are kept).
void sentry_set_thread_name(const char *name);

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

/// Finds the calling thread's stack bounds now (the fast walk otherwise does on its first use
/// on the thread; for the main thread glibc reads /proc/self/maps).
void sentry_unwind_prepare_thread(void);

#endif
