import Testing

@testable import SentryCore

@Suite struct SpanDataTests {
    @Test func aLaterWriteWinsAndDuplicatesDropOutWhenRead() {
        var data = SpanData()
        data.set("a", forKey: "k")
        data.set([(key: "k", value: "b"), (key: "other", value: 1)])
        #expect(data["k"] == "b")
        #expect(data.dictionary == ["k": "b", "other": 1])
    }

    @Test func keysRewrittenInBulkStayBounded() {
        var data = SpanData()
        for round in 0..<1_000 {
            data.set([(key: "tokens", value: .int(Int64(round))), (key: "model", value: "m")])
        }
        #expect(data.pairs.count < 200)
        #expect(data["tokens"] == .int(999))
        #expect(data.dictionary.count == 2)
    }
}
