import SentryCore


#if canImport(Glibc)
import Glibc
#endif

/// The crash reports one ``CrashHandlerIntegration`` found at start, until they are captured.
final class CrashHandlerState: Sendable {
    private struct Pending {
        var reports: [(report: CrashReport, path: String)] = []
        var rules = FrameSymbolication()
    }

    private let pending = Locked(Pending())
    private let onCrashReported: (@Sendable (CrashReport) -> Void)?

    init(onCrashReported: (@Sendable (CrashReport) -> Void)?) { self.onCrashReported = onCrashReported }

    var pendingReports: [CrashReport] { pending.withLock { $0.reports.map(\.report) } }

    /// Claims every `*.crash` file in `directory` (a rename, so two processes starting at once
    /// never both report one crash) and parses it. Unreadable files are deleted.
    func collectPendingReports(in directory: String, diagnostics: Diagnostics) {
        guard let handle = opendir(directory) else { return }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".crash") { names.append(name) }
        }
        closedir(handle)
        var found: [(CrashReport, String)] = []
        for name in names.sorted() {
            let path = "\(directory)/\(name)"
            let claimed = "\(path).\(getpid()).claimed"
            guard rename(path, claimed) == 0 else { continue }
            guard let bytes = FileContents.read(claimed, limit: 4 * 1024 * 1024), let report = CrashReport(bytes: bytes) else {
                diagnostics.log(.warning, "crash handler: \(name) is not a readable crash report; deleted")
                unlink(claimed)
                continue
            }
            found.append((report, claimed))
        }
        pending.withLock { $0.reports += found }
    }

    func capturePending() -> [SentryId] {
        let reports = pending.withLock { state in
            defer { state.reports.removeAll() }
            return state.reports
        }
        var ids: [SentryId] = []
        for (report, path) in reports {
            onCrashReported?(report)
            let event = report.makeEvent(symbolicator: .shared, rules: FrameSymbolication())
            ids.append(SentrySDK.capture(event: event))
            unlink(path)
        }
        return ids
    }

}
