// Logs and metrics on the caller's thread, and swift-log lines through SentryLogHandler.
//
// Targets (issue 7): a log call with logs disabled ≤ 10 ns; enabled ≤ 1 µs; a metric record
// ≤ 500 ns; a swift-log line below the breadcrumb level ≤ 10 ns. Capture with a stack trace
// (issue 4: ≤ 20 µs) is measured here too, with symbolication running as it does by default.

import Benchmark
import BenchmarkSupport
import Logging
import Sentry
import SentryIntegrations

func startTelemetry(logs: Bool, stackTraces: Bool = false, integrations: Bool = false) {
    SentrySDK.start { options in
        options.dsn = "https://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@sentry.invalid/1"
        options.transport = NoOpTransport()
        options.enableLogs = logs
        options.attachStacktrace = stackTraces
        options.release = "orders@2.14.3"
        options.defaultIntegrations = integrations
    }
}

func stopTelemetry() {
    SentrySDK.close(timeout: .seconds(1))
    Scopes.resetDefaults()
}

struct PaymentError: Error {}

let benchmarks: @Sendable () -> Void = {
    let fast = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 3,
        scalingFactor: .mega, maxDuration: .milliseconds(600), maxIterations: 200)
    let active = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 10,
        scalingFactor: .kilo, maxDuration: .milliseconds(800), maxIterations: 300)
    let orderId = 8812

    Benchmark("logger.info with logs disabled (SDK started)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            SentrySDK.logger.info("Order \(orderId) placed", attributes: ["cart.items": Attribute(.int(3))])
        }
    } setup: {
        startTelemetry(logs: false)
    } teardown: {
        stopTelemetry()
    }

    Benchmark("logger.info with logs enabled (template + 1 attribute)", configuration: active) { benchmark in
        for _ in benchmark.scaledIterations {
            SentrySDK.logger.info("Order \(orderId) placed", attributes: ["cart.items": Attribute(.int(3))])
        }
    } setup: {
        startTelemetry(logs: true)
    } teardown: {
        stopTelemetry()
    }

    Benchmark("metrics.count (enabled)", configuration: active) { benchmark in
        for _ in benchmark.scaledIterations {
            SentrySDK.metrics.count(key: "orders.placed", attributes: ["region": Attribute(.string("eu"))])
        }
    } setup: {
        startTelemetry(logs: false)
    } teardown: {
        stopTelemetry()
    }

    let logger = Logger(label: "orders") { SentryLogHandler(label: $0) }
    Benchmark("swift-log line below the breadcrumb level", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            logger.debug("cache lookup", metadata: ["key": "order-\(orderId)"])
        }
    } setup: {
        startTelemetry(logs: false)
    } teardown: {
        stopTelemetry()
    }

    Benchmark("swift-log line recorded as a breadcrumb", configuration: active) { benchmark in
        for _ in benchmark.scaledIterations {
            logger.info("order placed", metadata: ["order": "\(orderId)"])
        }
    } setup: {
        startTelemetry(logs: false)
    } teardown: {
        stopTelemetry()
    }

    Benchmark("capture(error:) with a symbolicated stack trace", configuration: active) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SentrySDK.capture(error: PaymentError()))
        }
    } setup: {
        startTelemetry(logs: false, stackTraces: true, integrations: true)
    } teardown: {
        stopTelemetry()
    }
}
