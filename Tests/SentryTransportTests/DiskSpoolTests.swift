import Foundation
import SentryCore
import Testing

@testable import SentryTransport

@Suite struct DiskSpoolTests {
    func makeSpool(maxEnvelopes: Int = 10, maxBytes: Int = 1 << 20) throws -> (DiskSpool, ClientReportRecorder, String) {
        let directory = NSTemporaryDirectory() + "sentry-spool-\(UUID().uuidString)/nested"
        let recorder = ClientReportRecorder()
        let spool = try #require(DiskSpool(directory: directory, maxEnvelopes: maxEnvelopes, maxBytes: maxBytes, recorder: recorder, diagnostics: Diagnostics(isEnabled: false)))
        return (spool, recorder, directory)
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
        let (path, oldest) = try #require(spool.oldest())
        #expect(oldest.items == first.items)
        #expect(oldest.header.sentAt == nil)
        spool.remove(path)
        #expect(spool.count == 1)
    }

    @Test func evictsOldestBeyondTheBoundsAndCountsThem() throws {
        let (spool, recorder, _) = try makeSpool(maxEnvelopes: 3)
        for index in 0..<5 { spool.store(errorEnvelope("e\(index)")) }
        #expect(spool.count == 3)
        let report = try #require(recorder.takeReport())
        #expect(report.discardedEvents == [.init(reason: .cacheOverflow, category: .error, quantity: 2)])
        let (_, oldest) = try #require(spool.oldest())
        #expect((try JSONValue.parse(oldest.items[0].payload))["logentry"]?["formatted"] == "e2")
    }

    @Test func anEnvelopeLargerThanTheSpoolIsRefusedAndCounted() throws {
        let (spool, recorder, _) = try makeSpool(maxBytes: 2048)
        let big = Envelope(items: [EnvelopeItem(attachment: Attachment(bytes: [UInt8](repeating: 1, count: 10_000), filename: "big"))])
        #expect(!spool.store(big))
        #expect(recorder.takeReport()?.discardedEvents.first?.reason == .cacheOverflow)
    }

    @Test func corruptAndTruncatedFilesAreSkippedAndRemoved() throws {
        let (spool, _, directory) = try makeSpool()
        let valid = errorEnvelope("valid").serialize()
        try Data(valid.prefix(valid.count / 2)).write(to: URL(fileURLWithPath: directory + "/00000000000000000001-a.envelope"))
        try Data([0xFF, 0x00, 0x13]).write(to: URL(fileURLWithPath: directory + "/00000000000000000002-b.envelope"))
        spool.store(errorEnvelope("valid"))
        let (_, envelope) = try #require(spool.oldest())
        #expect((try JSONValue.parse(envelope.items[0].payload))["logentry"]?["formatted"] == "valid")
        #expect(spool.count == 1)
    }

    @Test func anUnwritableDirectoryDisablesTheSpool() {
        let spool = DiskSpool(directory: "/proc/sentry-cannot-exist", maxEnvelopes: 1, maxBytes: 1 << 20, recorder: ClientReportRecorder(), diagnostics: Diagnostics(isEnabled: false))
        #expect(spool == nil)
    }
}
