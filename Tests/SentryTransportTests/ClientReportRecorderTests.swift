import SentryCore
import Testing

@testable import SentryTransport

@Suite struct ClientReportRecorderTests {
    @Test func everyReasonAndCategoryKeepsATotalOfItsOwn() throws {
        let recorder = ClientReportRecorder()
        var expected: [String: Int] = [:]
        var quantity = 1
        for reason in DiscardReason.allCases {
            for category in DataCategory.allCases where category != .internal {
                recorder.recordDiscard(reason, category: category, quantity: quantity)
                recorder.recordDiscard(reason, category: category, quantity: 1)
                expected["\(reason.rawValue)/\(category.rawValue)"] = quantity + 1
                quantity += 1
            }
        }
        recorder.recordDiscard(.sampleRate, category: .internal, quantity: 5)  // never reported
        #expect(recorder.hasPending)
        let report = try #require(recorder.takeReport())
        let totals = Dictionary(report.discardedEvents.map { ("\($0.reason.rawValue)/\($0.category.rawValue)", $0.quantity) }, uniquingKeysWith: +)
        #expect(totals == expected)
        #expect(report.discardedEvents.count == expected.count)
        #expect(!recorder.hasPending)
        #expect(recorder.takeReport() == nil)
    }

    @Test func totalsSaturateInsteadOfOverflowing() throws {
        let recorder = ClientReportRecorder()
        recorder.recordDiscard(.networkError, category: .error, quantity: .max)
        recorder.recordDiscard(.networkError, category: .error, quantity: 2)
        #expect(try #require(recorder.takeReport()).discardedEvents.map(\.quantity) == [.max])
    }
}
