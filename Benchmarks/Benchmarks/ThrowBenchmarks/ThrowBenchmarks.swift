// Throw-site stacks: what the SDK's hook on the Swift runtime's throw path adds to a throw and catch
// (target: ≤ 1 µs more than with no SDK), and a capture of a thrown error with its throw-site stack
// (target: ≤ 20 µs on the caller). The thrower sits ten frames deep, as in a request handler.

import Benchmark
import BenchmarkSupport
import Sentry

struct LookupFailed: Error { var key: Int }

@inline(never) func nested(_ depth: Int, key: Int) throws -> Int {
    if depth == 0 { throw LookupFailed(key: key) }
    return try nested(depth - 1, key: key) + 1
}

func startSDK(throwSites: Bool) {
    SentrySDK.start { options in
        options.dsn = "https://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@sentry.invalid/1"
        options.transport = NoOpTransport()
        options.captureThrowSites = throwSites
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .milliseconds(800),
        maxIterations: 500)

    Benchmark("Throw: throw + catch, 10 frames deep, no SDK", configuration: configuration) { benchmark in
        for index in benchmark.scaledIterations {
            do { blackHole(try nested(10, key: index)) } catch { blackHole(error) }
        }
    } setup: {
        SentrySDK.close(timeout: .seconds(1))
    }

    Benchmark("Throw: throw + catch, 10 frames deep, SDK without throw sites", configuration: configuration) { benchmark in
        for index in benchmark.scaledIterations {
            do { blackHole(try nested(10, key: index)) } catch { blackHole(error) }
        }
    } setup: {
        startSDK(throwSites: false)
    } teardown: {
        SentrySDK.close(timeout: .seconds(1))
    }

    Benchmark("Throw: throw + catch, 10 frames deep, throw sites recorded", configuration: configuration) { benchmark in
        for index in benchmark.scaledIterations {
            do { blackHole(try nested(10, key: index)) } catch { blackHole(error) }
        }
    } setup: {
        startSDK(throwSites: true)
    } teardown: {
        SentrySDK.close(timeout: .seconds(1))
    }

    Benchmark("Throw: capture(error:) of a thrown error, throw-site stack", configuration: configuration) { benchmark in
        for index in benchmark.scaledIterations {
            do { blackHole(try nested(10, key: index)) } catch { blackHole(SentrySDK.capture(error: error)) }
        }
    } setup: {
        startSDK(throwSites: true)
    } teardown: {
        SentrySDK.close(timeout: .seconds(1))
    }
}
