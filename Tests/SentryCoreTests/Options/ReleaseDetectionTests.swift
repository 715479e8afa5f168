import Foundation
import Testing

@testable import SentryCore

/// The default release: `SENTRY_RELEASE`, the hosting platforms' commit variables, then the commit
/// checked out where the app runs.
@Suite struct ReleaseDetectionTests {
    let commit = "0123456789abcdef0123456789abcdef01234567"

    func repository(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-git-\(UUID().uuidString)")
        for (path, contents) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func sentryReleaseThenTheHostingVariablesInOrder() {
        #expect(ReleaseDetection.fromEnvironment(["SENTRY_RELEASE": "app@1", "CIRCLE_SHA1": "abc"]) == "app@1")
        #expect(ReleaseDetection.fromEnvironment(["CIRCLE_SHA1": "abc", "HEROKU_SLUG_COMMIT": "def"]) == "def")
        #expect(ReleaseDetection.fromEnvironment(["K_REVISION": "svc-00042"]) == "svc-00042")
        #expect(ReleaseDetection.fromEnvironment(["SENTRY_RELEASE": "  "]) == nil)
        var options = Options()
        options.applyEnvironment(["SOURCE_VERSION": "build-7"])
        #expect(options.release == "build-7")
    }

    @Test func theCommitOfABranchLooseOrPackedFromASubdirectory() throws {
        let loose = try repository([".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": commit + "\n", "src/app/x": ""])
        defer { try? FileManager.default.removeItem(at: loose) }
        #expect(ReleaseDetection.gitCommit(startingAt: loose.appendingPathComponent("src/app").path) == commit)

        let packed = try repository([
            ".git/HEAD": "ref: refs/heads/release\n",
            ".git/packed-refs": "# pack-refs with: peeled\nffffffffffffffffffffffffffffffffffffffff refs/heads/other\n\(commit) refs/heads/release\n",
        ])
        defer { try? FileManager.default.removeItem(at: packed) }
        #expect(ReleaseDetection.gitCommit(startingAt: packed.path) == commit)
    }

    @Test func aDetachedHeadAWorktreeFileAndGarbage() throws {
        let detached = try repository([".git/HEAD": commit + "\n"])
        defer { try? FileManager.default.removeItem(at: detached) }
        #expect(ReleaseDetection.gitCommit(startingAt: detached.path) == commit)

        let worktree = try repository(["main-git/HEAD": commit, "tree/.git": "gitdir: ../main-git\n"])
        defer { try? FileManager.default.removeItem(at: worktree) }
        #expect(ReleaseDetection.gitCommit(startingAt: worktree.appendingPathComponent("tree").path) == commit)

        let hostile = try repository([".git/HEAD": "ref: ../../../etc/passwd\n"])
        defer { try? FileManager.default.removeItem(at: hostile) }
        #expect(ReleaseDetection.gitCommit(startingAt: hostile.path) == nil)
        let junk = try repository([".git/HEAD": "not a commit"])
        defer { try? FileManager.default.removeItem(at: junk) }
        #expect(ReleaseDetection.gitCommit(startingAt: junk.path) == nil)
    }

    @Test func nonPositiveTimeoutsGetTheDefaults() {
        var options = Options()
        options.connectTimeout = .zero
        options.requestTimeout = .seconds(-1)
        options.applyEnvironment([:])
        #expect(options.connectTimeout == .seconds(10) && options.requestTimeout == .seconds(30))
        #expect(RequestBodySize.medium.allows(byteCount: 10_000) && !RequestBodySize.medium.allows(byteCount: 10_001))
        #expect(!RequestBodySize.never.allows(byteCount: 1) && RequestBodySize.always.allows(byteCount: 1 << 30))
    }
}
