// Throw-site stacks: what the SDK's hook on the Swift runtime's throw path adds to a throw and catch
// (target: ≤ 1 µs more than with no SDK), and a capture of a thrown error with its throw-site stack
// (target: ≤ 20 µs on the caller). The thrower sits ten frames deep, as in a request handler.

import Benchmark
import BenchmarkSupport
import CSentry
import Sentry

struct LookupFailed: Error { var key: Int }

@inline(never) func nested(_ depth: Int, key: Int) throws -> Int {
    if depth == 0 { throw LookupFailed(key: key) }
    return try nested(depth - 1, key: key) + 1
}

// The throw hook's stack walk (CSentry/unwind.c) beside glibc's backtrace(), both from the same
// optimized call chain; the first frames are two call sites in `walks`.
@inline(never) func walks(_ depth: Int) -> (fast: [UInt], glibc: [UInt]) {
    if depth == 0 {
        let fast = UnsafeMutablePointer<UInt>.allocate(capacity: 64)
        let glibc = UnsafeMutablePointer<UInt>.allocate(capacity: 64)
        defer { fast.deallocate(); glibc.deallocate() }
        let fastCount = Int(sentry_fast_backtrace_only(fast, 64))
        let glibcCount = Int(sentry_glibc_backtrace(glibc, 64))
        return (Array(UnsafeBufferPointer(start: fast, count: fastCount)),
                Array(UnsafeBufferPointer(start: glibc, count: glibcCount)))
    }
    let result = walks(depth - 1)
    blackHole(result.fast.count)
    return result
}

/// Stops the run when the walk of this release build differs from backtrace().
func checkWalkAgreesWithBacktrace() {
    let (fast, glibc) = walks(10)
    guard fast.count >= 12, fast.count == glibc.count, fast.dropFirst() == glibc.dropFirst() else {
        fatalError("fast walk \(fast.map { String($0, radix: 16) }) != backtrace \(glibc.map { String($0, radix: 16) })")
    }
    print("Throw: fast walk agrees with backtrace() on all \(fast.count) frames (release build)")
}

@inline(never) func walkNested(_ depth: Int, _ body: () -> Int32) -> Int32 {
    if depth == 0 { return body() }
    return walkNested(depth - 1, body) &+ 1
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

    Benchmark("Throw: stack walk 10 frames deep, the hook's CFI walk (51 frames at most)", configuration: configuration) { benchmark in
        let buffer = UnsafeMutablePointer<UInt>.allocate(capacity: 64)
        defer { buffer.deallocate() }
        for _ in benchmark.scaledIterations {
            blackHole(walkNested(10) { sentry_fast_backtrace(buffer, 51) })
        }
    } setup: {
        checkWalkAgreesWithBacktrace()
    }

    Benchmark("Throw: stack walk 10 frames deep, glibc backtrace() (51 frames at most)", configuration: configuration) { benchmark in
        let buffer = UnsafeMutablePointer<UInt>.allocate(capacity: 64)
        defer { buffer.deallocate() }
        for _ in benchmark.scaledIterations {
            blackHole(walkNested(10) { sentry_glibc_backtrace(buffer, 51) })
        }
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
