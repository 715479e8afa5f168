import Testing

@testable import SentryTracing

/// Until this module gains its features, check that it builds and links as its own module.
@Test func moduleIsItsOwn() {
    #expect(String(reflecting: SentryTracingModule.self) == "SentryTracing.SentryTracingModule")
    #expect(SentryTracingModule.name == "SentryTracing")
}
