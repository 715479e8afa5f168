// A burst of structured logs from the app to the local inbox: `SentrySDK.logger.info` as fast as
// one thread can call it, the SDK batching 100 per envelope with at most 1,000 queued, delivered
// over loopback with gzip. Reports the records/s that arrived (target ≥ 50,000/s), how many were
// dropped at the 1,000-record cap (counted for client reports), and peak memory.

import Benchmark
import BenchmarkSupport
import Sentry
import SentryInbox

let recordsPerSecond = BenchmarkMetric.custom("records delivered/s", polarity: .prefersLarger, useScalingFactor: false)
let delivered = BenchmarkMetric.custom("records delivered", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .peakMemoryResident, recordsPerSecond, delivered], timeUnits: .milliseconds,
        warmupIterations: 0, maxDuration: .seconds(20), maxIterations: 3)

    Benchmark("Burst of 20,000 logs delivered to the inbox", configuration: configuration) { benchmark in
        let inbox = try InboxServer()
        defer { inbox.stop() }
        SentrySDK.start { options in
            options.dsn = inbox.dsn
            options.enableLogs = true
            options.enableDiskSpool = false
            options.defaultIntegrations = false
            options.maxQueueSize = 1_000
        }
        let start = Measure.nanoseconds()
        for index in 0..<20_000 {
            SentrySDK.logger.info("request \(index) served", attributes: ["route": Attribute(.string("/orders"))])
        }
        SentrySDK.close(timeout: .seconds(10))
        let elapsed = Measure.nanoseconds() - start
        let count = inbox.received().flatMap(\.items).filter { $0.header.type == .log }.reduce(0) {
            $0 + ($1.header.itemCount ?? 0)
        }
        benchmark.measurement(delivered, count)
        benchmark.measurement(recordsPerSecond, Measure.perSecond(count, nanoseconds: elapsed))
    }
}
