import Testing

@testable import SentryMetrics

/// Until this module gains its features, check that it builds and links as its own module.
@Test func moduleIsItsOwn() {
    #expect(String(reflecting: SentryMetricsModule.self) == "SentryMetrics.SentryMetricsModule")
    #expect(SentryMetricsModule.name == "SentryMetrics")
}
