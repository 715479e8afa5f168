public import CoreMetrics
import SentryCore

/// A swift-metrics `MetricsFactory` that records onto Sentry trace metrics, so every library
/// using swift-metrics reports with no extra code:
///
/// ```swift
/// MetricsSystem.bootstrap(SentryMetricsFactory())
/// ```
///
/// Counters become `counter` records, gauges and meters `gauge`, recorders `distribution`
/// (or `gauge` when not aggregating), timers `distribution` in nanoseconds. Dimensions become
/// attributes.
public struct SentryMetricsFactory: MetricsFactory {
    /// Creates the factory.
    public init() {}

    /// A counter.
    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        SentryMetricHandler(name: label, dimensions: dimensions, kind: .counter)
    }

    /// A floating-point counter.
    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        SentryMetricHandler(name: label, dimensions: dimensions, kind: .counter)
    }

    /// A recorder: a distribution when aggregating, else a gauge.
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        SentryMetricHandler(name: label, dimensions: dimensions, kind: aggregate ? .distribution : .gauge)
    }

    /// A meter (a gauge that moves both ways).
    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        SentryMeterHandler(handler: SentryMetricHandler(name: label, dimensions: dimensions, kind: .gauge))
    }

    /// A timer: a distribution of nanoseconds.
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        SentryMetricHandler(name: label, dimensions: dimensions, kind: .distribution, unit: "nanosecond")
    }

    /// Nothing to release.
    public func destroyCounter(_ handler: any CounterHandler) {}
    /// Nothing to release.
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    /// Nothing to release.
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    /// Nothing to release.
    public func destroyMeter(_ handler: any MeterHandler) {}
    /// Nothing to release.
    public func destroyTimer(_ handler: any TimerHandler) {}
}

/// One swift-metrics handler writing Sentry metric records.
final class SentryMetricHandler: CounterHandler, FloatingPointCounterHandler, RecorderHandler, TimerHandler, Sendable {
    let name: String
    let kind: MetricRecord.Kind
    let unit: String?
    let attributes: [String: Attribute]

    init(name: String, dimensions: [(String, String)], kind: MetricRecord.Kind, unit: String? = nil) {
        self.name = name
        self.kind = kind
        self.unit = unit
        var attributes: [String: Attribute] = ["sentry.origin": Attribute(.string("auto.metrics.swift_metrics"))]
        for (key, value) in dimensions { attributes[key] = Attribute(.string(value)) }
        self.attributes = attributes
    }

    func emit(_ value: Double, kind: MetricRecord.Kind? = nil) {
        let attributes = self.attributes
        switch kind ?? self.kind {
        case .counter: SentrySDK.metrics.count(key: name, value: value, attributes: attributes)
        case .gauge: SentrySDK.metrics.gauge(key: name, value: value, unit: unit, attributes: attributes)
        case .distribution: SentrySDK.metrics.distribution(key: name, value: value, unit: unit, attributes: attributes)
        }
    }

    func increment(by amount: Int64) { emit(Double(amount)) }
    func increment(by amount: Double) { emit(amount) }
    func reset() {}
    func record(_ value: Int64) { emit(Double(value)) }
    func record(_ value: Double) { emit(value) }
    func recordNanoseconds(_ duration: Int64) { emit(Double(duration)) }
}

/// A swift-metrics meter: keeps its value and records each change as a gauge.
final class SentryMeterHandler: MeterHandler, Sendable {
    private let handler: SentryMetricHandler
    private let value = Locked(0.0)

    init(handler: SentryMetricHandler) { self.handler = handler }

    func set(_ value: Int64) { set(Double(value)) }
    func set(_ value: Double) { change { $0 = value } }
    func increment(by amount: Double) { change { $0 += amount } }
    func decrement(by amount: Double) { change { $0 -= amount } }

    private func change(_ body: (inout Double) -> Void) {
        let current = value.withLock { value -> Double in
            body(&value)
            return value
        }
        handler.emit(current, kind: .gauge)
    }
}
