import Testing

@testable import SentryTransport

/// Until this module gains its features, check that it builds and links as its own module.
@Test func moduleIsItsOwn() {
    #expect(String(reflecting: SentryTransportModule.self) == "SentryTransport.SentryTransportModule")
    #expect(SentryTransportModule.name == "SentryTransport")
}
