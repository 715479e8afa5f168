import Testing

@testable import SentryProfiling

/// Until this module gains its features, check that it builds and links as its own module.
@Test func moduleIsItsOwn() {
    #expect(String(reflecting: SentryProfilingModule.self) == "SentryProfiling.SentryProfilingModule")
    #expect(SentryProfilingModule.name == "SentryProfiling")
}
