import Testing

@testable import SentryCore

@Suite struct OptionsTests {
    @Test func defaultsMatchThePythonSDK() {
        let options = Options()
        #expect(options.sampleRate == 1.0)
        #expect(options.maxBreadcrumbs == 100)
        #expect(options.maxQueueSize == 100)
        #expect(options.sendDefaultPii == false)
        #expect(options.tracesSampleRate == nil)
        #expect(options.sendClientReports)
        #expect(options.enableBackpressureHandling)
        #expect(options.shutdownTimeout == .seconds(2))
        #expect(options.maxAttachmentSize == 20 * 1024 * 1024)
        #expect(options.tracePropagationTargets == [".*"])
    }

    @Test func environmentFillsWhatCodeLeftUnset() throws {
        var options = Options()
        options.release = "from-code@1"
        options.applyEnvironment([
            "SENTRY_DSN": "https://k@o5.ingest.sentry.io/9", "SENTRY_RELEASE": "from-env@2",
            "SENTRY_DEBUG": "yes", "SENTRY_TRACES_SAMPLE_RATE": "0.25", "SENTRY_SPOTLIGHT": "on",
            "https_proxy": "http://proxy:3128",
        ])
        #expect(options.release == "from-code@1")
        #expect(options.environment == "production")
        #expect(options.debug)
        #expect(options.tracesSampleRate == 0.25)
        #expect(options.spotlightURL == Options.defaultSpotlightURL)
        #expect(options.httpsProxy == "http://proxy:3128")
        #expect(try options.parsedDsn()?.projectId == "9")
    }

    @Test func spotlightAcceptsAURLAndOff() {
        var on = Options()
        on.applyEnvironment(["SENTRY_SPOTLIGHT": "http://127.0.0.1:9999/stream"])
        #expect(on.spotlightURL == "http://127.0.0.1:9999/stream")
        var off = Options()
        off.applyEnvironment(["SENTRY_SPOTLIGHT": "0"])
        #expect(off.spotlightURL == nil)
    }

    @Test func badNumbersAreClampedNotFatal() throws {
        var options = Options()
        options.sampleRate = .nan
        options.tracesSampleRate = 7
        options.maxBreadcrumbs = -5
        options.compressionLevel = 42
        options.applyEnvironment([:])
        #expect(options.sampleRate == 0)
        #expect(options.tracesSampleRate == 1)
        #expect(options.maxBreadcrumbs == 0)
        #expect(options.compressionLevel == 9)
        #expect(try options.parsedDsn() == nil)
        options.dsn = "garbage"
        #expect(throws: DsnError.missingScheme) { try options.parsedDsn() }
    }

    @Test func diagnosticsAreSilentUnlessDebugIsOn() {
        let sink = LineSink()
        var options = Options()
        options.diagnosticLogger = sink
        options.diagnostics.log(.error, "hidden")
        options.debug = true
        options.diagnosticLevel = .warning
        options.diagnostics.log(.info, "below the level")
        options.diagnostics.log(.error, "shown")
        #expect(sink.lines == ["error: shown"])
    }
}

final class LineSink: DiagnosticLogger {
    private let stored = Locked<[String]>([])
    var lines: [String] { stored.withLock { $0 } }
    func log(_ level: SentryLevel, _ message: String) { stored.withLock { $0.append("\(level.rawValue): \(message)") } }
}

@Suite struct ProxyEnvironmentTests {
    @Test func uppercaseHTTPProxyIsIgnoredLikeCurlDoes() {
        var options = Options()
        options.applyEnvironment(["HTTP_PROXY": "http://attacker:8080", "HTTPS_PROXY": "http://proxy:3128"])
        #expect(options.httpProxy == nil)  // httpoxy: CGI sets HTTP_PROXY from a request header
        #expect(options.httpsProxy == "http://proxy:3128")
        options = Options()
        options.applyEnvironment(["http_proxy": "http://proxy:3128"])
        #expect(options.httpProxy == "http://proxy:3128")
    }
}
