import SentryCore
import SentryTesting
import Testing

@Suite struct CheckInTests {
    @Test func withMonitorSendsInProgressThenOkWithTheSameId() throws {
        struct JobFailed: Error {}
        let captured = withCapturedEvents(configure: { $0.release = "jobs@1" }) {
            SentrySDK.withMonitor("nightly-import", monitorConfig: .init(schedule: .crontab("0 3 * * *"), checkinMargin: 5)) {
                usleep(2_000)
            }
            _ = try? SentrySDK.withMonitor("hourly-cleanup") { throw JobFailed() }
        }
        let checkIns = captured.payloads(of: .checkIn)
        #expect(checkIns.map { $0["status"] } == ["in_progress", "ok", "in_progress", "error"])
        #expect(checkIns[0]["check_in_id"] == checkIns[1]["check_in_id"])
        #expect(checkIns[0]["monitor_slug"] == "nightly-import")
        #expect(checkIns[0]["monitor_config"]?["schedule"] == ["type": "crontab", "value": "0 3 * * *"])
        #expect((checkIns[1]["duration"]?.doubleValue ?? 0) >= 0.002)
        #expect(checkIns[1]["release"] == "jobs@1")
        #expect(checkIns[1]["contexts"]?["trace"]?["trace_id"]?.stringValue?.count == 32)
        #expect(captured.envelopes.first?.header.trace?.traceId.description == checkIns[0]["contexts"]?["trace"]?["trace_id"]?.stringValue)
    }
}

#if canImport(Glibc)
import Glibc
#endif
