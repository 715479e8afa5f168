import SentryCore
import SentrySymbolication
import Testing

@testable import SentryCrash

/// Corrupt crash files yield nothing, never a trap. Every input is written out as measured (each
/// trapped before the reader was hardened).
@Suite struct CorruptCrashFileTests {
    /// `seconds 1e300` became a timestamp that trapped when formatted (`time_t(whole)`).
    @Test func aCrashTimeOutOfRange() throws {
        for seconds in ["1e300", "nan", "-inf"] {
            let report = try #require(CrashReport(bytes: Array("SENTRYCRASH 1\nsignal 11\nseconds \(seconds)\nend\n".utf8)))
            #expect(report.timestamp.rfc3339 == "1970-01-01T00:00:00.000000Z")
        }
    }

    /// An image ending before it starts made `debugImage` compute `end - start` and trap.
    @Test func anImageEndingBeforeItStarts() throws {
        let images = "2000 1000 0 0 1 - /bin/true\n1000 2000 0 0 1 - /bin/true\n"
        let file = "SENTRYCRASH 1\nsignal 11\nframe 0x1800\nimages \(images.utf8.count)\n\(images)\nend\n"
        let report = try #require(CrashReport(bytes: Array(file.utf8)))
        #expect(report.images.map(\.start) == [0x1000])
        #expect(report.images.map(\.debugImage.imageSize) == [0x1000])
        #expect(report.makeEvent(symbolicator: Symbolicator()).debugImages.count == 1)
    }
}
