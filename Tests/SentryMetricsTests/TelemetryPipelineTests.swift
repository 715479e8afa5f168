import SentryCore
import SentryTesting
import SentryTransport
import Testing

@testable import SentryMetrics

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let time = Locked(1_000.0)
    var now: Double { time.withLock { $0 } }
    func advance(_ seconds: Double) { time.withLock { $0 += seconds } }
}

struct PipelineHarness {
    let clock = ManualClock()
    let sink = CollectingSink()
    let recorder = ClientReportRecorder()
    let pipeline: TelemetryPipeline

    init(release: String? = "app@1") {
        var configuration = TelemetryPipeline.Configuration()
        configuration.startsThread = false
        let clock = clock
        pipeline = TelemetryPipeline(
            configuration: configuration, sessionAttributes: release.map { Session.Attributes(release: $0, environment: "prod") },
            recorder: recorder, clock: { clock.now }, sink: sink)
    }

    var envelopes: [Envelope] { sink.envelopes }

    func log(_ index: Int) -> SentryLog {
        SentryLog(traceId: SentryId(), level: .info, body: "line \(index)")
    }
}

@Suite struct TelemetryPipelineTests {
    @Test func logsGoOutInHundredsOrAfterFiveSeconds() throws {
        let harness = PipelineHarness()
        for index in 0..<250 { harness.pipeline.add(log: harness.log(index)) }
        #expect(harness.pipeline.sendDue(now: harness.clock.now) == 2)
        #expect(harness.envelopes.map { $0.items[0].header.itemCount } == [100, 100])
        harness.clock.advance(4.9)
        #expect(harness.pipeline.sendDue(now: harness.clock.now) == 0)
        harness.clock.advance(0.2)
        #expect(harness.pipeline.sendDue(now: harness.clock.now) == 1)
        let last = try #require(harness.envelopes.last?.items.first)
        #expect(last.header.itemCount == 50)
        let payload = try JSONValue.parse(last.payload)
        #expect(payload["items"]?[49]?["body"] == "line 249")  // order kept
        #expect(harness.envelopes.allSatisfy { $0.header.trace == nil })  // mixed traces: no DSC
    }

    @Test func aThousandLogsAreHeldAndTheRestCountedAsDropped() throws {
        let harness = PipelineHarness()
        var droppedBytes = 0
        for index in 0..<1_030 {
            let log = harness.log(index)
            if index >= 1_000 { droppedBytes += log.jsonBytes().count }
            harness.pipeline.add(log: log)
        }
        let report = try #require(harness.recorder.takeReport())
        let totals = Dictionary(report.discardedEvents.map { ("\($0.reason.rawValue):\($0.category.rawValue)", $0.quantity) }, uniquingKeysWith: +)
        #expect(totals == ["queue_overflow:log_item": 30, "queue_overflow:log_byte": droppedBytes])
        #expect(harness.pipeline.sendDue(now: harness.clock.now, force: true) == 10)
        #expect(harness.envelopes.reduce(0) { $0 + ($1.items[0].header.itemCount ?? 0) } == 1_000)
    }

    @Test func metricsBatchLikeLogs() throws {
        let harness = PipelineHarness()
        for index in 0..<120 {
            harness.pipeline.add(metric: MetricRecord(traceId: SentryId(), name: "jobs", kind: .counter, value: Double(index)))
        }
        #expect(harness.pipeline.sendDue(now: harness.clock.now) == 1)
        harness.clock.advance(5)
        #expect(harness.pipeline.sendDue(now: harness.clock.now) == 1)
        let items = harness.envelopes.map { $0.items[0] }
        #expect(items.map(\.header.type) == [.traceMetric, .traceMetric])
        #expect(items.map(\.header.itemCount) == [100, 20])
        #expect(items[0].header.contentType == "application/vnd.sentry.items.trace-metric+json")
    }

    @Test func sessionAggregatesCountEachMinuteAndGoEverySixtySeconds() throws {
        let harness = PipelineHarness()
        let minute = SentryTimestamp(secondsSince1970: 1_767_225_600)
        let outcomes: [(RequestSession.Outcome, Double)] = [
            (.exited, 1), (.exited, 59), (.errored, 30), (.crashed, 45), (.exited, 61), (.errored, 119), (.abnormal, 70),
        ]
        for (outcome, offset) in outcomes {
            harness.pipeline.add(requestSession: outcome, started: SentryTimestamp(secondsSince1970: minute.secondsSince1970 + offset))
        }
        harness.clock.advance(59)
        #expect(harness.pipeline.sendDue(now: harness.clock.now) == 0)
        harness.clock.advance(1)
        #expect(harness.pipeline.sendDue(now: harness.clock.now) == 1)
        let item = try #require(harness.envelopes.first?.items.first)
        #expect(item.header.type == .sessions)
        let json = try JSONValue.parse(item.payload)
        #expect(json["attrs"] == ["release": "app@1", "environment": "prod"])
        #expect(json["aggregates"] == [
            ["started": "2026-01-01T00:00:00.000000Z", "exited": 2, "errored": 1, "crashed": 1],
            ["started": "2026-01-01T00:01:00.000000Z", "exited": 1, "errored": 1, "abnormal": 1],
        ])
        harness.clock.advance(60)
        #expect(harness.pipeline.sendDue(now: harness.clock.now) == 0)  // nothing new
    }

    @Test func withoutAReleaseSessionsAreOff() {
        let harness = PipelineHarness(release: nil)
        harness.pipeline.add(requestSession: .exited, started: .now())
        #expect(harness.pipeline.sendDue(now: harness.clock.now + 120, force: true) == 0)
    }

    @Test func closeSendsEverythingAndRefusesMore() {
        let harness = PipelineHarness()
        harness.pipeline.add(log: harness.log(1))
        harness.pipeline.add(requestSession: .exited, started: .now())
        harness.pipeline.close(timeout: .seconds(1))
        #expect(harness.envelopes.map { $0.items[0].header.type } == [.log, .sessions])
        harness.pipeline.add(log: harness.log(2))
        #expect(harness.pipeline.sendDue(now: harness.clock.now, force: true) == 0)
    }
}
