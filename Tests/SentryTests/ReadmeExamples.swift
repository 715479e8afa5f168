import Logging
import Metrics
import Sentry
import SentryIntegrations
import SentryMetrics
import SentryTesting
import Testing
import Tracing

/// The README's code, compiled: `Scripts/tests/test_readme_examples.py` checks that every Swift
/// block of the README appears here line for line, so an example that stops compiling fails
/// the build. Functions that bootstrap process-wide systems are compiled, never called.
enum ReadmeExamples {
    static func handle() throws {}

    static func forApps() {
        SentrySDK.start { options in
            options.dsn = "https://<key>@o0.ingest.sentry.io/<project>"   // or SENTRY_DSN
            options.release = "my-service@1.4.2"
        }

        SentrySDK.withIsolationScope { scope in          // one per request
            scope.setTag("/checkout", forKey: "route")
            do { try handle() } catch { SentrySDK.capture(error: error) }
        }

        SentrySDK.close()                                 // flushes, within 2 s
    }

    static func withTheEcosystem() {
        LoggingSystem.bootstrap { label in SentryLogHandler(label: label) }   // breadcrumbs, events, logs
        MetricsSystem.bootstrap(SentryMetricsFactory())                        // trace metrics
        InstrumentationSystem.bootstrap(SentryDistributedTracer())             // spans from every instrumented library
    }

    static func forLibraryAuthors(error: any Error, id: String) {
        SentrySDK.addBreadcrumb(Breadcrumb(message: "cache miss", category: "cache"))
        SentrySDK.capture(error: error)
        SentrySDK.logger.info("Order placed", attributes: ["order.id": Attribute(.string(id))])
    }
}

@Suite struct ReadmeExampleTests {
    @Test func theLibraryExampleSendsAnErrorWithItsBreadcrumb() {
        let captured = withCapturedEvents {
            ReadmeExamples.forLibraryAuthors(error: CardDeclined(code: 5), id: "o-1")
        }
        #expect(captured.events.count == 1)
        #expect(captured.events.first?["breadcrumbs"]?["values"]?[0]?["message"] == "cache miss")
        #expect(captured.events.first?["exception"]?["values"]?[0]?["value"] == "card declined (5)")
    }
}
