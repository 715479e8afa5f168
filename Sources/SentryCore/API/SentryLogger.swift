/// Sends structured logs to Sentry: `SentrySDK.logger.info("Order placed", attributes: …)`.
/// With no SDK started, a call is one atomic load and builds nothing.
public struct SentryLogger: Sendable {
    /// Created by ``SentrySDK/logger``.
    init() {}

    /// Logs at `level`. Interpolated values become the template's parameters:
    /// `logger.info("Order \(id) placed")` sends the body, the template `Order {0} placed` and
    /// `sentry.message.parameter.0`.
    @inlinable
    public func log(
        _ level: SentryLog.Level, _ message: @autoclosure () -> SentryLogMessage,
        attributes: @autoclosure () -> [String: Attribute] = [:]
    ) {
        guard !SentrySDK.logsAreOff, let hub = SentrySDK.logHub else { return }
        hub.log(level: level, message: message(), attributes: attributes())
    }

    /// Logs at `trace`.
    @inlinable
    public func trace(_ message: @autoclosure () -> SentryLogMessage, attributes: @autoclosure () -> [String: Attribute] = [:]) {
        log(.trace, message(), attributes: attributes())
    }

    /// Logs at `debug`.
    @inlinable
    public func debug(_ message: @autoclosure () -> SentryLogMessage, attributes: @autoclosure () -> [String: Attribute] = [:]) {
        log(.debug, message(), attributes: attributes())
    }

    /// Logs at `info`.
    @inlinable
    public func info(_ message: @autoclosure () -> SentryLogMessage, attributes: @autoclosure () -> [String: Attribute] = [:]) {
        log(.info, message(), attributes: attributes())
    }

    /// Logs at `warn`.
    @inlinable
    public func warn(_ message: @autoclosure () -> SentryLogMessage, attributes: @autoclosure () -> [String: Attribute] = [:]) {
        log(.warn, message(), attributes: attributes())
    }

    /// Logs at `error`.
    @inlinable
    public func error(_ message: @autoclosure () -> SentryLogMessage, attributes: @autoclosure () -> [String: Attribute] = [:]) {
        log(.error, message(), attributes: attributes())
    }

    /// Logs at `fatal`.
    @inlinable
    public func fatal(_ message: @autoclosure () -> SentryLogMessage, attributes: @autoclosure () -> [String: Attribute] = [:]) {
        log(.fatal, message(), attributes: attributes())
    }
}

/// Records trace-connected metrics: `SentrySDK.metrics.count(key: "api.requests")`.
/// With no SDK started, a call is one atomic load.
public struct SentryMetricsAPI: Sendable {
    /// Created by ``SentrySDK/metrics``.
    init() {}

    /// Adds `value` (default 1) to a counter.
    @inlinable
    public func count(key: String, value: Double = 1, attributes: @autoclosure () -> [String: Attribute] = [:]) {
        guard !SentrySDK.metricsAreOff, let hub = SentrySDK.metricHub else { return }
        hub.metric(kind: .counter, name: key, value: value, unit: nil, attributes: attributes())
    }

    /// Records the current value of a gauge.
    @inlinable
    public func gauge(
        key: String, value: Double, unit: String? = nil, attributes: @autoclosure () -> [String: Attribute] = [:]
    ) {
        guard !SentrySDK.metricsAreOff, let hub = SentrySDK.metricHub else { return }
        hub.metric(kind: .gauge, name: key, value: value, unit: unit, attributes: attributes())
    }

    /// Records one observation of a distribution.
    @inlinable
    public func distribution(
        key: String, value: Double, unit: String? = nil, attributes: @autoclosure () -> [String: Attribute] = [:]
    ) {
        guard !SentrySDK.metricsAreOff, let hub = SentrySDK.metricHub else { return }
        hub.metric(kind: .distribution, name: key, value: value, unit: unit, attributes: attributes())
    }
}
