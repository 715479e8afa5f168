import Sentry
import Testing

/// `import Sentry` alone must give an app the whole SentryCore API.
@Test func umbrellaReexportsTheCoreAPI() {
    let dsn = try? Dsn("https://key@o1.ingest.sentry.io/1")
    #expect(dsn?.projectId == "1")
    #expect(SentryUmbrella.modules.first == "SentryCore")
    #expect(SentryUmbrella.modules.count == 8)
}
