// A dead server: 100,000 ~2 KB error envelopes sent while nothing listens (the port is bound but
// refuses connections). Memory must stay flat (the queue is bounded at its default 100) and every
// envelope must be accounted for: counted as dropped by the recorder, or kept in the spool.
//
// Client reports are off in the accounting rows: with them on, the worker takes the recorder's
// totals into a `client_report` item on each attempt, so the recorder alone no longer adds up. The
// last row keeps them on and reports how many drops end up neither counted nor kept.

import Benchmark
import BenchmarkSupport
import SentryCore
import SentryTransport

let rssGrowth = BenchmarkMetric.custom("RSS growth KiB", polarity: .prefersSmaller, useScalingFactor: false)
let counted = BenchmarkMetric.custom("drops counted", polarity: .prefersLarger, useScalingFactor: false)
let spooled = BenchmarkMetric.custom("kept in spool", polarity: .prefersLarger, useScalingFactor: false)
let unaccounted = BenchmarkMetric.custom("unaccounted", polarity: .prefersSmaller, useScalingFactor: false)

struct Scenario {
    var label: String
    var count: Int
    var spool: Bool
    var clientReports: Bool
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .peakMemoryResident, .mallocCountTotal, .mallocFreeDelta, rssGrowth, counted, spooled,
                  unaccounted],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(3),
        maxIterations: 5)
    let envelope = Envelope(event: Fixtures.smallErrorEvent())

    let scenarios = [
        Scenario(label: "10k envelopes - no spool", count: 10_000, spool: false, clientReports: false),
        Scenario(label: "100k envelopes - no spool", count: 100_000, spool: false, clientReports: false),
        Scenario(label: "100k envelopes - spool of 20 files / 256 KB", count: 100_000, spool: true, clientReports: false),
        Scenario(label: "100k envelopes - no spool - client reports on", count: 100_000, spool: false,
                 clientReports: true),
    ]
    for scenario in scenarios {
        Benchmark("Dead server: \(scenario.label)", configuration: configuration) { benchmark in
            let dead = DeadPort()
            let directory = scenario.spool ? TemporaryDirectory(prefix: "sentry-bench-spool") : nil
            defer { directory?.remove() }
            var transportConfiguration = TransportConfiguration(dsn: try! Dsn(dead.dsn))
            transportConfiguration.sendClientReports = scenario.clientReports
            transportConfiguration.connectTimeout = .seconds(2)
            if let directory {
                transportConfiguration.spoolDirectory = directory.path
                transportConfiguration.spoolMaxEnvelopes = 20
                transportConfiguration.spoolMaxBytes = 256 * 1024
            }
            let transport = CurlTransport(configuration: transportConfiguration)
            let before = Measure.residentKiB().current

            benchmark.startMeasurement()
            for _ in 0..<scenario.count { transport.send(envelope) }
            let after = Measure.residentKiB().current
            _ = transport.close(timeout: .seconds(30))
            benchmark.stopMeasurement()

            let report = transport.recorder.takeReport()
            let dropped = report?.discardedEvents.filter { $0.category == .error }.reduce(0) { $0 + $1.quantity } ?? 0
            let kept = directory?.fileCount() ?? 0
            benchmark.measurement(rssGrowth, max(0, after - before))
            benchmark.measurement(counted, dropped)
            benchmark.measurement(spooled, kept)
            benchmark.measurement(unaccounted, scenario.count - dropped - kept)
            if !scenario.clientReports && dropped + kept != scenario.count {
                benchmark.error("\(scenario.count) sent, \(dropped) counted as dropped, \(kept) spooled")
            }
        }
    }
}
