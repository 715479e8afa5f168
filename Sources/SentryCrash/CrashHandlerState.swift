import SentryCore

#if canImport(Glibc)
import Glibc
#endif

/// The crash reports one ``CrashHandlerIntegration`` found at start, until they are captured.
final class CrashHandlerState: Sendable {
    private struct Pending {
        var reports: [(report: CrashReport, path: String)] = []
    }

    private let pending = Locked(Pending())
    private let symbolicator: any StackSymbolicator
    private let onCrashReported: (@Sendable (CrashReport) -> Void)?

    init(symbolicator: any StackSymbolicator, onCrashReported: (@Sendable (CrashReport) -> Void)?) {
        self.symbolicator = symbolicator
        self.onCrashReported = onCrashReported
    }

    var pendingReports: [CrashReport] { pending.withLock { $0.reports.map(\.report) } }

    /// Who claims files in this process: the pid and a random token, so a container that runs
    /// every start as the same pid still tells its own claims from a dead run's.
    static let claimant = "\(getpid())-\(String(FastRandom.next() & 0xffff_ffff, radix: 16))"

    /// Claims every `*.crash` file in `directory` (a rename, so two processes starting at once
    /// never both report one crash) and parses it. Unreadable files are deleted, and so are the
    /// leftovers of dead runs (``isStaleLeftover(_:in:)``).
    func collectPendingReports(in directory: String, diagnostics: Diagnostics) {
        guard let handle = opendir(directory) else { return }
        var names: [String] = []
        var leftovers: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".crash") { names.append(name) }
            if Self.isStaleLeftover(name, in: directory) { leftovers.append(name) }
        }
        closedir(handle)
        for name in leftovers {
            diagnostics.log(.debug, "crash handler: removed the leftover \(name)")
            unlink("\(directory)/\(name)")
        }
        var found: [(CrashReport, String)] = []
        for name in names.sorted() {
            let path = "\(directory)/\(name)"
            let claimed = "\(path).\(Self.claimant).claimed"
            guard rename(path, claimed) == 0 else { continue }
            guard let bytes = FileContents.read(claimed, limit: 4 * 1024 * 1024, followLinks: false), let report = CrashReport(bytes: bytes) else {
                diagnostics.log(.warning, "crash handler: \(name) is not a readable crash report; deleted")
                unlink(claimed)
                continue
            }
            found.append((report, claimed))
        }
        pending.withLock { $0.reports += found }
    }

    /// How long a live process's `.crash.tmp` may go unchanged before it counts as abandoned: a
    /// report is written in milliseconds (a second crashing thread waits at most 6 s).
    static let abandonedAfter: Double = 60

    /// Whether `name` is a `<pid>-<random>.crash.tmp` (a crash report whose writing never
    /// finished) or a `*.crash.<pid>-<token>.claimed` (a report claimed by a run that died
    /// before sending it) that no live run owns: its pid is dead or ours (then it is an earlier
    /// run's: this one is not crashing, and its own claims carry its token), or, for a `.tmp`,
    /// it is unchanged for ``abandonedAfter`` (a claim keeps the crash's mtime, so a live
    /// claimant's file is never judged by age). Those are never collected, so without this they
    /// pile up.
    static func isStaleLeftover(_ name: String, in directory: String) -> Bool {
        let owner: Substring
        let isTemporary = name.hasSuffix(".crash.tmp")
        if isTemporary {
            owner = name.prefix { $0 != "-" }
        } else if name.hasSuffix(".claimed") {
            let parts = name.split(separator: ".")
            guard parts.count >= 4, parts[parts.count - 3] == "crash" else { return false }
            let claim = parts[parts.count - 2]
            if claim == claimant { return false }
            owner = claim.prefix { $0 != "-" }
        } else {
            return false
        }
        guard let pid = pid_t(owner), pid > 0, pid != getpid() else { return true }
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        guard isTemporary else { return false }
        var info = stat()
        guard stat("\(directory)/\(name)", &info) == 0 else { return false }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec - info.st_mtim.tv_sec) > abandonedAfter
    }

    func capturePending(willCapture: (@Sendable (Event) -> Void)?) -> [SentryId] {
        let reports = pending.withLock { state in
            defer { state.reports.removeAll() }
            return state.reports
        }
        var ids: [SentryId] = []
        for (report, path) in reports {
            onCrashReported?(report)
            let event = report.makeEvent(symbolicator: symbolicator)
            willCapture?(event)
            ids.append(SentrySDK.capture(event: event))
            unlink(path)
        }
        return ids
    }

}
