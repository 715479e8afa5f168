// The SentrySDK façade: the cost a library pays for calling Sentry when the app has not started it
// (target: ≤ 5 ns and 0 mallocs), next to the same calls with the SDK started.
//
// The started rows run the real pipeline (`SentrySDK.start`, default integrations, scopes, event
// building, encoding to an envelope; for logs, the hub's log record and batching) into a
// `NoOpTransport`, so they measure everything up to the transport's `send` (measured on its own in
// TransportBenchmarks).

import Benchmark
import BenchmarkSupport
import Sentry

/// Starts the real SDK with a transport that drops everything.
func startSDK() {
    SentrySDK.start { options in
        options.dsn = "https://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@sentry.invalid/1"
        options.transport = NoOpTransport()
        options.enableLogs = true
        options.release = "orders@2.14.3"
        options.environment = "production"
    }
}

func stopSDK() {
    SentrySDK.close(timeout: .seconds(1))
    Scopes.resetDefaults()
}

struct OrderError: Error {}

let benchmarks: @Sendable () -> Void = {
    let fast = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 3,
        scalingFactor: .mega,
        maxDuration: .milliseconds(600),
        maxIterations: 200)
    let active = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .milliseconds(600),
        maxIterations: 500)
    let orderId = "8f3c2a"

    // MARK: Disabled: no SDK started

    Benchmark("Facade disabled: addBreadcrumb", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            SentrySDK.addBreadcrumb(Breadcrumb(message: "cache miss for \(orderId)", category: "cache"))
        }
    } setup: {
        SentrySDK.close(timeout: .seconds(1))
    }

    Benchmark("Facade disabled: capture(message:)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SentrySDK.capture(message: "order \(orderId) failed"))
        }
    } setup: {
        SentrySDK.close(timeout: .seconds(1))
    }

    Benchmark("Facade disabled: capture(error:)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SentrySDK.capture(error: OrderError()))
        }
    } setup: {
        SentrySDK.close(timeout: .seconds(1))
    }

    Benchmark("Facade disabled: logger.info", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            SentrySDK.logger.info("Order placed", attributes: ["order.id": Attribute(.string(orderId))])
        }
    } setup: {
        SentrySDK.close(timeout: .seconds(1))
    }

    // MARK: Started: the real pipeline into a NoOpTransport

    Benchmark("Facade started: addBreadcrumb", configuration: active) { benchmark in
        for _ in benchmark.scaledIterations {
            SentrySDK.addBreadcrumb(Breadcrumb(message: "cache miss for \(orderId)", category: "cache"))
        }
    } setup: {
        startSDK()
    } teardown: {
        stopSDK()
    }

    Benchmark("Facade started: capture(message:)", configuration: active) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SentrySDK.capture(message: "order \(orderId) failed"))
        }
    } setup: {
        startSDK()
    } teardown: {
        stopSDK()
    }

    Benchmark("Facade started: capture(error:)", configuration: active) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SentrySDK.capture(error: OrderError()))
        }
    } setup: {
        startSDK()
    } teardown: {
        stopSDK()
    }

    Benchmark("Facade started: logger.info", configuration: active) { benchmark in
        for _ in benchmark.scaledIterations {
            SentrySDK.logger.info("Order placed", attributes: ["order.id": Attribute(.string(orderId))])
        }
    } setup: {
        startSDK()
    } teardown: {
        stopSDK()
    }
}
