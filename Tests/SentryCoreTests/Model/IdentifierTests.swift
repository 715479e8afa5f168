import Testing

@testable import SentryCore

@Suite struct IdentifierTests {
    @Test func eventIdsAre32LowercaseHexShapedAsUUIDv4() {
        for _ in 0..<1_000 {
            let id = SentryId()
            let hex = id.description
            #expect(hex.count == 32)
            #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(Array(hex)[12] == "4")
            #expect("89ab".contains(Array(hex)[16]))
        }
    }

    @Test func idsDoNotRepeat() {
        var seen = Set<SentryId>()
        var spans = Set<SpanId>()
        for _ in 0..<100_000 {
            seen.insert(SentryId())
            spans.insert(SpanId())
        }
        #expect(seen.count == 100_000)
        #expect(spans.count == 100_000)
    }

    @Test func idsParseBackFromHexAndDashedForms() {
        let id = SentryId()
        #expect(SentryId(hex: id.description) == id)
        #expect(SentryId(hex: id.uuidString) == id)
        #expect(SentryId(hex: id.description.uppercased()) == id)
        #expect(SentryId(hex: "xyz") == nil)
        #expect(SentryId(hex: String(repeating: "g", count: 32)) == nil)
        let span = SpanId()
        #expect(span.description.count == 16)
        #expect(SpanId(hex: span.description) == span)
        #expect(SpanId(hex: "123") == nil)
    }

    @Test func unitRandomStaysInRange() {
        var sum = 0.0
        for _ in 0..<100_000 {
            let value = FastRandom.unit()
            #expect(value >= 0 && value < 1)
            sum += value
        }
        #expect(abs(sum / 100_000 - 0.5) < 0.01)
    }

    @Test func timestampsFormatAsRFC3339AndParseBack() {
        let stamp = SentryTimestamp(secondsSince1970: 1_767_225_600.123456)
        #expect(stamp.rfc3339 == "2026-01-01T00:00:00.123456Z")
        #expect(SentryTimestamp(secondsSince1970: 59.9999999).rfc3339 == "1970-01-01T00:01:00.000000Z")
        let parsed = SentryTimestamp(rfc3339: "2026-01-01T00:00:00.123456Z")
        #expect(abs((parsed?.secondsSince1970 ?? 0) - stamp.secondsSince1970) < 1e-6)
        #expect(SentryTimestamp(rfc3339: "2026-01-01T02:00:00+02:00")?.secondsSince1970 == 1_767_225_600)
        #expect(SentryTimestamp(rfc3339: "2026-13-01T00:00:00Z") == nil)
        #expect(SentryTimestamp(rfc3339: "yesterday") == nil)
        #expect(SentryTimestamp(secondsSince1970: 1_767_225_659).minuteFloor.secondsSince1970 == 1_767_225_600)
        let now = SentryTimestamp.now()
        #expect(now.secondsSince1970 > 1_700_000_000)
    }

    /// The vector from sentry-native's module-finder test (protocol.md §3.5).
    @Test func debugIdFromBuildIdMatchesSentrysDerivation() {
        let buildId: [UInt8] = hexBytes("1c304742f114215453a8a777f6cdb3a2b8505e11")
        #expect(DebugImage.debugId(fromBuildId: buildId) == "4247301c-14f1-5421-53a8-a777f6cdb3a2")
        #expect(DebugImage.debugId(fromBuildId: [1, 2]) == "00000201-0000-0000-0000-000000000000")
    }
}

func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}
