import Testing

@testable import SentryAI

/// Until this module gains its features, check that it builds and links as its own module.
@Test func moduleIsItsOwn() {
    #expect(String(reflecting: SentryAIModule.self) == "SentryAI.SentryAIModule")
    #expect(SentryAIModule.name == "SentryAI")
}
