#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The release an app gets when it names none, found as the Python SDK finds it: `SENTRY_RELEASE`,
/// then the commit variables hosting and CI platforms set, then the commit checked out in the
/// working directory (read from `.git` directly: no `git` process).
package enum ReleaseDetection {
    /// The commit variables of Heroku, AWS CodeBuild (two), CircleCI, Google App Engine and Cloud Run.
    static let hostingVariables = [
        "HEROKU_SLUG_COMMIT", "SOURCE_VERSION", "CODEBUILD_RESOLVED_SOURCE_VERSION", "CIRCLE_SHA1", "GAE_DEPLOYMENT_ID",
        "K_REVISION",
    ]

    /// `SENTRY_RELEASE` or the first hosting variable set in `environment`.
    package static func fromEnvironment(_ environment: [String: String]) -> String? {
        for name in ["SENTRY_RELEASE"] + hostingVariables {
            if let value = environment[name]?.trimmingWhitespace(), !value.isEmpty { return value }
        }
        return nil
    }

    /// The commit id checked out in `directory` or the nearest parent holding `.git`; `nil` when
    /// there is none or it cannot be read.
    package static func gitCommit(startingAt directory: String) -> String? {
        var current = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        for _ in 0..<64 {
            if let gitDirectory = gitDirectory(in: current) { return headCommit(gitDirectory: gitDirectory) }
            guard current != "/", let slash = current.lastIndex(of: "/") else { return nil }
            current = slash == current.startIndex ? "/" : String(current[..<slash])
        }
        return nil
    }

    /// The working directory of the process.
    package static var workingDirectory: String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `<directory>/.git` when it is a directory, or the one a `.git` file (`gitdir: …`) points to.
    private static func gitDirectory(in directory: String) -> String? {
        let path = (directory == "/" ? "" : directory) + "/.git"
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFDIR { return path }
        guard let text = FileContents.text(path, limit: 4096), text.hasPrefix("gitdir:") else { return nil }
        let target = text.dropFirst("gitdir:".count).trimmingWhitespace()
        return target.hasPrefix("/") ? target : (directory == "/" ? "" : directory) + "/" + target
    }

    private static func headCommit(gitDirectory: String) -> String? {
        guard let head = FileContents.text(gitDirectory + "/HEAD", limit: 4096)?.trimmingWhitespace() else { return nil }
        guard head.hasPrefix("ref:") else { return isCommitId(head) ? head : nil }
        let reference = head.dropFirst("ref:".count).trimmingWhitespace()
        guard !reference.contains(".."), reference.hasPrefix("refs/") else { return nil }
        if let loose = FileContents.text(gitDirectory + "/" + reference, limit: 4096)?.trimmingWhitespace(), isCommitId(loose) {
            return loose
        }
        // Packed references: `<commit> <reference>` lines.
        guard let packed = FileContents.text(gitDirectory + "/packed-refs", limit: 16 * 1024 * 1024) else { return nil }
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + reference) {
            let commit = String(line.prefix { $0 != " " })
            if isCommitId(commit) { return commit }
        }
        return nil
    }

    private static func isCommitId(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64) && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
