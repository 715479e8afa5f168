import Testing

@testable import SentryIntegrations

/// Until this module gains its features, check that it builds and links as its own module.
@Test func moduleIsItsOwn() {
    #expect(String(reflecting: SentryIntegrationsModule.self) == "SentryIntegrations.SentryIntegrationsModule")
    #expect(SentryIntegrationsModule.name == "SentryIntegrations")
}
