import Foundation
import SentryCore
import Testing

@testable import SentryTransport

@Suite struct DiskSpoolTests {
    func makeSpool(maxEnvelopes: Int = 10, maxBytes: Int = 1 << 20, directory: String? = nil) throws -> (DiskSpool, ClientReportRecorder, String) {
        let directory = directory ?? NSTemporaryDirectory() + "sentry-spool-\(UUID().uuidString)/nested"
        let recorder = ClientReportRecorder()
        let spool = try #require(DiskSpool(directory: directory, maxEnvelopes: maxEnvelopes, maxBytes: maxBytes, recorder: recorder, diagnostics: Diagnostics(isEnabled: false)))
        return (spool, recorder, directory)
    }

    func message(_ envelope: Envelope) throws -> String? {
        try JSONValue.parse(envelope.items[0].payload)["logentry"]?["formatted"]?.stringValue
    }

    @Test func storesPrivatelyAndReturnsOldestFirstWithoutSentAt() throws {
        let (spool, _, directory) = try makeSpool()
        var first = errorEnvelope("one")
        first.header.sentAt = .now()
        spool.store(first)
        spool.store(errorEnvelope("two"))
        let attributes = try FileManager.default.attributesOfItem(atPath: directory)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files.count == 2)
        let fileMode = try FileManager.default.attributesOfItem(atPath: directory + "/" + files[0])[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        let (claim, oldest) = try #require(spool.claimOldest())
        #expect(oldest.items == first.items)
        #expect(oldest.header.sentAt == nil)
        spool.remove(claim)
        #expect(spool.count == 1)
    }

    @Test func evictsOldestBeyondTheBoundsAndCountsThem() throws {
        let (spool, recorder, _) = try makeSpool(maxEnvelopes: 3)
        for index in 0..<5 { spool.store(errorEnvelope("e\(index)")) }
        #expect(spool.count == 3)
        let report = try #require(recorder.takeReport())
        #expect(report.discardedEvents == [.init(reason: .cacheOverflow, category: .error, quantity: 2)])
        let (_, oldest) = try #require(spool.claimOldest())
        #expect(try message(oldest) == "e2")
    }

    @Test func theByteBoundCountsTheIncomingEnvelope() throws {
        let text = String(repeating: "x", count: 400)
        let size = errorEnvelope(text + "0").serialize().count
        // Room for three envelopes and a half: the fourth must evict the first.
        let (spool, recorder, _) = try makeSpool(maxEnvelopes: 100, maxBytes: 3 * size + size / 2)
        for index in 0..<3 { #expect(spool.store(errorEnvelope(text + "\(index)"))) }
        #expect(spool.count == 3)
        #expect(recorder.takeReport() == nil)
        #expect(spool.store(errorEnvelope(text + "3")))
        #expect(spool.count == 3)
        #expect(recorder.takeReport()?.discardedEvents == [.init(reason: .cacheOverflow, category: .error, quantity: 1)])
        let (_, oldest) = try #require(spool.claimOldest())
        #expect(try message(oldest) == text + "1")
    }

    @Test func anEnvelopeLargerThanTheSpoolIsRefusedAndLeftToTheCallerToCount() throws {
        let (spool, recorder, _) = try makeSpool(maxBytes: 2048)
        let big = Envelope(items: [EnvelopeItem(attachment: Attachment(bytes: [UInt8](repeating: 1, count: 10_000), filename: "big"))])
        #expect(!spool.store(big))
        #expect(recorder.takeReport() == nil)  // the caller counts it once, with its own reason
    }

    @Test func corruptAndTruncatedFilesAreSkippedAndRemoved() throws {
        let (spool, _, directory) = try makeSpool()
        let valid = errorEnvelope("valid").serialize()
        try Data(valid.prefix(valid.count / 2)).write(to: URL(fileURLWithPath: directory + "/00000000000000000001-a.envelope"))
        try Data([0xFF, 0x00, 0x13]).write(to: URL(fileURLWithPath: directory + "/00000000000000000002-b.envelope"))
        spool.store(errorEnvelope("valid"))
        let (_, envelope) = try #require(spool.claimOldest())
        #expect(try message(envelope) == "valid")
        #expect(spool.count == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 1)  // the claimed one
    }

    @Test func aClaimedFileIsInvisibleToAnotherSpoolOnTheSameDirectory() throws {
        let (first, _, directory) = try makeSpool()
        let (second, _, _) = try makeSpool(directory: directory)
        first.store(errorEnvelope("only once"))
        let (claim, envelope) = try #require(first.claimOldest())
        #expect(try message(envelope) == "only once")
        #expect(second.claimOldest() == nil)
        #expect(second.count == 0)
        first.release(claim)  // not delivered: it waits again, for whichever process comes first
        let (_, again) = try #require(second.claimOldest())
        #expect(try message(again) == "only once")
    }

    @Test func leftoversOfDeadProcessesAreRecoveredAndThoseOfLiveOnesKept() throws {
        let directory = NSTemporaryDirectory() + "sentry-spool-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let body = Data(errorEnvelope("claimed by a dead process").serialize())
        let dead: Int32 = 999_999_999  // beyond pid_max: no such process
        try body.write(to: URL(fileURLWithPath: "\(directory)/00000000000000000001-00000001-1.envelope.\(dead).claimed"))
        try body.write(to: URL(fileURLWithPath: "\(directory)/00000000000000000002-00000001-1.envelope.1.claimed"))  // pid 1 lives
        try Data("half".utf8).write(to: URL(fileURLWithPath: "\(directory)/.00000000000000000003-00000001-1.envelope.\(dead).tmp"))
        try Data("half".utf8).write(to: URL(fileURLWithPath: "\(directory)/.00000000000000000004-00000001-1.envelope.tmp"))
        try Data("writing".utf8).write(to: URL(fileURLWithPath: "\(directory)/.00000000000000000005-00000001-1.envelope.1.tmp"))
        let (spool, _, _) = try makeSpool(directory: directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names == [
            ".00000000000000000005-00000001-1.envelope.1.tmp",
            "00000000000000000001-00000001-1.envelope",
            "00000000000000000002-00000001-1.envelope.1.claimed",
        ])
        let (_, recovered) = try #require(spool.claimOldest())
        #expect(try message(recovered) == "claimed by a dead process")
    }

    @Test func aRelativeDirectoryIsResolvedAgainstTheWorkingDirectory() throws {
        let relative = ".build-test-spool-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: FileManager.default.currentDirectoryPath + "/" + relative) }
        let (spool, _, _) = try makeSpool(directory: relative)
        #expect(spool.directory == FileManager.default.currentDirectoryPath + "/" + relative)
        #expect(spool.store(errorEnvelope("kept")))
        #expect(spool.count == 1)
    }

    @Test func aDirectoryOthersCanChangeIsRefused() throws {
        let base = NSTemporaryDirectory() + "sentry-spool-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: base) }
        let open = base + "/world-writable"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: true)
        chmod(open, 0o777)
        #expect(CacheDirectory.problem(preparing: open)?.contains("can be written by other users") == true)
        let link = base + "/link"
        let target = base + "/private"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        symlink(target, link)
        #expect(CacheDirectory.problem(preparing: link)?.contains("symbolic link") == true)
        let foreign = base + "/foreign"
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if geteuid() == 0 {  // only root can give a directory away
            chown(foreign, 65534, 65534)
            #expect(CacheDirectory.problem(preparing: foreign)?.contains("belongs to user 65534") == true)
        }
        #expect(CacheDirectory.problem(preparing: target) == nil)
        for path in [open, link] {
            #expect(DiskSpool(directory: path, maxEnvelopes: 1, maxBytes: 1 << 20, recorder: ClientReportRecorder(), diagnostics: Diagnostics(isEnabled: false)) == nil)
        }
    }

    @Test func aSymbolicLinkPlantedInTheSpoolIsNeverFollowed() throws {
        let (spool, _, directory) = try makeSpool()
        let secret = NSTemporaryDirectory() + "sentry-secret-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: secret) }
        try Data(errorEnvelope("read through a link").serialize()).write(to: URL(fileURLWithPath: secret))
        symlink(secret, directory + "/00000000000000000001-00000001-1.envelope")
        #expect(spool.claimOldest() == nil)  // refused (and the link removed), never read
        #expect(FileManager.default.fileExists(atPath: secret))
    }

    @Test func anUnwritableDirectoryDisablesTheSpool() {
        let spool = DiskSpool(directory: "/proc/sentry-cannot-exist", maxEnvelopes: 1, maxBytes: 1 << 20, recorder: ClientReportRecorder(), diagnostics: Diagnostics(isEnabled: false))
        #expect(spool == nil)
    }
}
