// gzip of the serialized ~10 KB error envelope, as the transport's worker does before each post.
// MB/s counts input (uncompressed) bytes; target ≥ 150 MB/s at the default level 6.
//
// The "reference" rows are not SDK code: the same zlib call with one deflate stream kept and reset
// between inputs (`deflateReset`) instead of `deflateInit2`/`deflateEnd` per call, to show what
// the per-call set-up costs (see Docs/performance.md).

import Benchmark
import BenchmarkSupport
import CZlibReference
import SentryCore
import SentryTransport

let megabytesPerSecond = BenchmarkMetric.custom("MB/s (input)", polarity: .prefersLarger, useScalingFactor: false)
let inputBytes = BenchmarkMetric.custom("input bytes", polarity: .prefersSmaller, useScalingFactor: false)
let ratio = BenchmarkMetric.custom("compressed size %", polarity: .prefersSmaller, useScalingFactor: false)

/// One gzip stream reused for every input (reference only).
final class ReusedDeflater {
    private var stream = z_stream()

    init(level: Int) {
        _ = bench_deflate_init_gzip(&stream, Int32(level))
    }

    deinit { deflateEnd(&stream) }

    func compress(_ input: [UInt8]) -> [UInt8]? {
        guard deflateReset(&stream) == Z_OK else { return nil }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let status: Int32 = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }
}

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

    for (input, label) in [(large, "~10 KB"), (small, "~2 KB")] {
        for level in [6, 1] where level == 6 || input.count == large.count {
            Benchmark("gzip level \(level), \(label) envelope", configuration: configuration) { benchmark in
                var compressedSize = 0
                let start = Measure.nanoseconds()
                for _ in benchmark.scaledIterations {
                    let output = Gzip.compress(input, level: level)
                    compressedSize = output?.count ?? 0
                    blackHole(output)
                }
                let elapsed = Measure.nanoseconds() - start
                benchmark.measurement(
                    megabytesPerSecond,
                    Measure.megabytesPerSecond(input.count * benchmark.scaledIterations.count, nanoseconds: elapsed))
                benchmark.measurement(ratio, compressedSize * 100 / max(input.count, 1))
                benchmark.measurement(inputBytes, input.count)
            }
        }
    }

    for (input, label) in [(large, "~10 KB"), (small, "~2 KB")] {
        let deflater = ReusedDeflater(level: 6)
        Benchmark("reference, not SDK: gzip level 6 with a reused stream, \(label) envelope", configuration: configuration) {
            benchmark in
            var compressedSize = 0
            let start = Measure.nanoseconds()
            for _ in benchmark.scaledIterations {
                let output = deflater.compress(input)
                compressedSize = output?.count ?? 0
                blackHole(output)
            }
            let elapsed = Measure.nanoseconds() - start
            benchmark.measurement(
                megabytesPerSecond,
                Measure.megabytesPerSecond(input.count * benchmark.scaledIterations.count, nanoseconds: elapsed))
            benchmark.measurement(ratio, compressedSize * 100 / max(input.count, 1))
            benchmark.measurement(inputBytes, input.count)
        }
    }
}
