import Synchronization

/// Watches the transport's health and turns it into a down-sampling of new traces, as sentry-python's
/// `Monitor` does (`enable_backpressure_handling`).
///
/// Each ``run()`` (every ``interval`` seconds, on the host's background thread) asks the transport:
/// while it is unhealthy the exponent grows by one per check, up to ``maxDownsampleExponent``, so the
/// effective traces sample rate halves each time; the first healthy check puts it back to 0 (full
/// rate). The tracer reads the exponent with one relaxed atomic load per new trace.
///
/// The exponent is one atomic word: `-1` once ``stop()`` ran, so a check in flight at close cannot
/// bring the down-sampling back.
package final class BackpressureMonitor: PeriodicTask {
    /// sentry-python's check interval, in seconds.
    package static let defaultInterval: Double = 10
    /// The largest exponent: rates are divided by at most 2^10 = 1024 (sentry-python's cap).
    package static let maxDownsampleExponent = 10

    /// Seconds between health checks.
    package let interval: Double
    private let health: any TransportHealth
    private let diagnostics: Diagnostics
    private let exponent = Atomic<Int>(0)

    /// A monitor of `health`, checked every `interval` seconds once a host runs it.
    package init(health: any TransportHealth, interval: Double = BackpressureMonitor.defaultInterval, diagnostics: Diagnostics) {
        self.health = health
        self.interval = interval
        self.diagnostics = diagnostics
    }

    /// `n` when new traces are sampled at `rate / 2^n`; 0 (or less, once stopped) for the full rate.
    @inline(__always)
    package var downsampleExponent: Int { exponent.load(ordering: .relaxed) }

    /// One health check: one more halving while unhealthy, the full rate once healthy again.
    package func run() {
        let current = exponent.load(ordering: .relaxed)
        guard current >= 0 else { return }  // stopped
        let next = health.isHealthy ? 0 : min(current + 1, Self.maxDownsampleExponent)
        guard next != current, exponent.compareExchange(expected: current, desired: next, ordering: .relaxed).exchanged
        else { return }
        if next == 0 {
            diagnostics.log(.debug, "backpressure: the transport is healthy again; traces are sampled at the full rate")
        } else {
            diagnostics.log(.debug, "backpressure: the transport is unhealthy; traces are sampled at 1/\(1 << next) of the rate")
        }
    }

    /// Stops for good (the SDK closes): the full rate from now on, and later checks do nothing.
    package func stop() { exponent.store(-1, ordering: .relaxed) }
}
