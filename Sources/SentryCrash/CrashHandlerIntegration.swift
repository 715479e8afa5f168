internal import CSentry
package import SentryCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Captures crashes: fatal signals (SIGSEGV, SIGBUS, SIGILL and SIGTRAP — Swift traps such as
/// `fatalError`, force-unwrapping nil or an index out of range —, SIGABRT, SIGFPE).
///
/// An async-signal-safe handler (C, on an alternate signal stack) writes the crashing thread's
/// addresses, the signal, the Swift runtime's fatal error message, the loaded images and a scope
/// snapshot prepared beforehand to a crash file in the cache directory, then lets the process
/// die with the same signal. At the next start the file becomes a `fatal` event, captured by
/// ``capturePendingCrashReports(willCapture:)`` (the umbrella calls it right after start).
///
/// The scope snapshot (release, environment, tags, user, extra, fingerprint, the last
/// breadcrumbs) is refreshed by a background thread at most every ``refreshInterval`` when
/// ``ScopeHandle/changeCount`` moved: a crash reports scope changes at most that old. It sees the
/// global scope and the process-default isolation and current scopes, not a request's own
/// task-local isolation scope.
package struct CrashHandlerIntegration: Integration {
    /// How often the prepared scope snapshot and image list are checked for changes.
    package static let refreshInterval = 200  // milliseconds

    private let state: CrashHandlerState
    private let environment: [String: String]
    private let symbolicator: any StackSymbolicator

    /// Creates the integration. `symbolicator` lists the images a crash file records and resolves
    /// the frames of an earlier run's crash. `onCrashReported` runs for each crash report found at
    /// start, before its event is captured: the hook for release health to end the crashed run's
    /// session as `crashed`. `environment` (the process's when `nil`) is read for `XDG_CACHE_HOME`
    /// and `HOME`.
    package init(
        symbolicator: any StackSymbolicator, environment: [String: String]? = nil,
        onCrashReported: (@Sendable (CrashReport) -> Void)? = nil
    ) {
        self.symbolicator = symbolicator
        self.environment = environment ?? ProcessEnvironment.current()
        state = CrashHandlerState(symbolicator: symbolicator, onCrashReported: onCrashReported)
    }

    /// `crash_handler`.
    package var name: String { "crash_handler" }

    /// Where crash files go: `<cache directory>/crashes` (see `CacheDirectory`).
    package static func directory(options: Options, environment: [String: String]) -> String? {
        CacheDirectory.path(options: options, environment: environment).map { $0 + "/crashes" }
    }

    /// Installs the handlers (unless `options.enableCrashHandler` is off) and picks up the crash
    /// files an earlier run left.
    package func install(options: Options) -> InstalledIntegration? {
        guard options.enableCrashHandler else { return nil }
        let diagnostics = options.diagnostics
        guard let directory = Self.directory(options: options, environment: environment) else {
            diagnostics.log(.warning, "crash handler disabled: no cache directory (set options.cacheDirectoryPath or HOME)")
            return nil
        }
        if let problem = CacheDirectory.problem(preparing: directory) {
            diagnostics.log(.warning, "crash handler disabled: \(problem)")
            return nil
        }
        state.collectPendingReports(in: directory, diagnostics: diagnostics)
        let path = "\(directory)/\(getpid())-\(String(FastRandom.next() & 0xffff_ffff, radix: 16)).crash"
        let refresher = SnapshotRefresher(options: options, symbolicator: symbolicator)
        refresher.refresh()
        // The calling thread (usually main) now; the SDK's own threads have theirs; any other
        // thread when it first calls into the SDK.
        SignalStack.prepareCurrentThread()
        guard sentry_crash_install(path) == 0 else {
            diagnostics.log(.warning, "crash handler disabled: sigaction failed")
            return nil
        }
        SignalStack.setWanted(true)
        refresher.start()
        return InstalledIntegration(uninstall: {
            SignalStack.setWanted(false)
            refresher.stop()
            sentry_crash_uninstall()
        })
    }

    /// Captures the fatal events of crashes found at install through the façade, deletes their
    /// files, and returns their ids. `willCapture` sees each event first (`onCrashedLastRun`).
    /// Call after the SDK started (the umbrella does).
    @discardableResult
    package func capturePendingCrashReports(willCapture: (@Sendable (Event) -> Void)? = nil) -> [SentryId] {
        state.capturePending(willCapture: willCapture)
    }

    /// The crash reports found at install and not captured yet.
    package var pendingCrashReports: [CrashReport] { state.pendingReports }
}
