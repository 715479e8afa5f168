// Envelope serialization: an error event to the bytes the transport posts (before gzip).
// `Envelope(event:)` encodes the event to JSON (the item payload); `serialize()` frames the header,
// item header and payload. Rows report MB/s of serialized output next to the time per envelope.

import Benchmark
import BenchmarkSupport
import SentryCore

let megabytesPerSecond = BenchmarkMetric.custom("MB/s (output)", polarity: .prefersLarger, useScalingFactor: false)
let envelopeBytes = BenchmarkMetric.custom("envelope bytes", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let large = Fixtures.largeErrorEvent()
    let small = Fixtures.smallErrorEvent()
    let largeSize = Envelope(event: large).serialize().count
    let smallSize = Envelope(event: small).serialize().count
    // The event already as bytes: only the envelope's header lines and copying are left.
    let framingOnly = Envelope(
        header: .init(eventId: large.eventId),
        items: [EnvelopeItem(header: .init(type: .event), payload: EnvelopeItem(event: large).payload)])

    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, megabytesPerSecond, envelopeBytes],
        timeUnits: .microseconds,
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 500)

    /// Runs `body` for every scaled iteration, timing the loop to report MB/s of `bytes` each.
    func measured(_ benchmark: Benchmark, bytes: Int, _ body: () -> Void) {
        let start = Measure.nanoseconds()
        for _ in benchmark.scaledIterations { body() }
        let elapsed = Measure.nanoseconds() - start
        benchmark.measurement(
            megabytesPerSecond,
            Measure.megabytesPerSecond(bytes * benchmark.scaledIterations.count, nanoseconds: elapsed))
        benchmark.measurement(envelopeBytes, bytes)
    }

    Benchmark("Serialize ~10 KB error event (event JSON + envelope)", configuration: configuration) {
        benchmark in
        measured(benchmark, bytes: largeSize) { blackHole(Envelope(event: large).serialize()) }
    }

    Benchmark("Serialize ~10 KB error event: event JSON only", configuration: configuration) {
        benchmark in
        measured(benchmark, bytes: largeSize) { blackHole(EnvelopeItem(event: large).payload) }
    }

    Benchmark("Serialize ~10 KB error event: envelope framing only", configuration: configuration) {
        benchmark in
        measured(benchmark, bytes: largeSize) { blackHole(framingOnly.serialize()) }
    }

    Benchmark("Serialize ~2 KB error event (event JSON + envelope)", configuration: configuration) {
        benchmark in
        measured(benchmark, bytes: smallSize) { blackHole(Envelope(event: small).serialize()) }
    }
}
