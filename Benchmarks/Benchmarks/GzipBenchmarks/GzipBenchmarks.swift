// gzip of the serialized error envelopes, as the transport's worker does before each post: one
// `GzipCompressor` kept by the worker and reset per body. The one-shot `Gzip.compress` (zlib state
// set up and freed per call) is measured beside it. MB/s counts input (uncompressed) bytes;
// target ≥ 150 MB/s for ~10 KB at the default level 6.

import Benchmark
import BenchmarkSupport
import SentryCore
import SentryTransport

let megabytesPerSecond = BenchmarkMetric.custom("MB/s (input)", polarity: .prefersLarger, useScalingFactor: false)
let inputBytes = BenchmarkMetric.custom("input bytes", polarity: .prefersSmaller, useScalingFactor: false)
let ratio = BenchmarkMetric.custom("compressed size %", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let large = Envelope(event: Fixtures.largeErrorEvent()).serialize()
    let small = Envelope(event: Fixtures.smallErrorEvent()).serialize()

    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, megabytesPerSecond, ratio, inputBytes],
        timeUnits: .microseconds,
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 500)

    /// Runs `compress` over `input` and records throughput and ratio.
    func measure(_ benchmark: Benchmark, _ input: [UInt8], _ compress: ([UInt8]) -> [UInt8]?) {
        var compressedSize = 0
        let start = Measure.nanoseconds()
        for _ in benchmark.scaledIterations {
            let output = compress(input)
            compressedSize = output?.count ?? 0
            blackHole(output)
        }
        let elapsed = Measure.nanoseconds() - start
        benchmark.measurement(
            megabytesPerSecond, Measure.megabytesPerSecond(input.count * benchmark.scaledIterations.count, nanoseconds: elapsed))
        benchmark.measurement(ratio, compressedSize * 100 / max(input.count, 1))
        benchmark.measurement(inputBytes, input.count)
    }

    for (input, label) in [(large, "~10 KB"), (small, "~2 KB")] {
        for level in [6, 1] where level == 6 || input.count == large.count {
            let compressor = GzipCompressor(level: level)!
            Benchmark("gzip level \(level), \(label) envelope (the transport's reused compressor)", configuration: configuration) {
                measure($0, input) { compressor.compress($0) }
            }
        }
        Benchmark("gzip level 6, \(label) envelope (one-shot Gzip.compress)", configuration: configuration) {
            measure($0, input) { Gzip.compress($0, level: 6) }
        }
    }
}
