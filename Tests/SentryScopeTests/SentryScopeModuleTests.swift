import Testing

@testable import SentryScope

/// Until this module gains its features, check that it builds and links as its own module.
@Test func moduleIsItsOwn() {
    #expect(String(reflecting: SentryScopeModule.self) == "SentryScope.SentryScopeModule")
    #expect(SentryScopeModule.name == "SentryScope")
}
