extension Options {
    /// Fills what code left unset from `SENTRY_*` variables (code always wins) and applies
    /// defaults. Pass a dictionary in tests; by default the process environment is read.
    package mutating func applyEnvironment(_ variables: [String: String] = ProcessEnvironment.current()) {
        func value(_ name: String) -> String? {
            guard let raw = variables[name]?.trimmingWhitespace(), !raw.isEmpty else { return nil }
            return raw
        }
        if dsn == nil { dsn = value("SENTRY_DSN") }
        if release == nil { release = ReleaseDetection.fromEnvironment(variables) }
        if environment == nil { environment = value("SENTRY_ENVIRONMENT") ?? "production" }
        if !debug, let flag = value("SENTRY_DEBUG").flatMap(Self.parseBool) { debug = flag }
        if let rate = value("SENTRY_SAMPLE_RATE").flatMap(Double.init), sampleRate == 1.0 {
            sampleRate = rate
        }
        if tracesSampleRate == nil { tracesSampleRate = value("SENTRY_TRACES_SAMPLE_RATE").flatMap(Double.init) }
        if profilesSampleRate == nil {
            profilesSampleRate = value("SENTRY_PROFILES_SAMPLE_RATE").flatMap(Double.init)
        }
        if profileSessionSampleRate == nil {
            profileSessionSampleRate = value("SENTRY_PROFILE_SESSION_SAMPLE_RATE").flatMap(Double.init)
        }
        if profileLifecycle == nil {
            profileLifecycle = value("SENTRY_PROFILE_LIFECYCLE").flatMap { ProfileLifecycle(rawValue: $0.lowercased()) }
        }
        if spotlightURL == nil, let spotlight = value("SENTRY_SPOTLIGHT") {
            switch Self.parseBool(spotlight) {
            case true?: spotlightURL = Self.defaultSpotlightURL
            case false?: break
            case nil: spotlightURL = spotlight
            }
        }
        // Never uppercase HTTP_PROXY: CGI servers set it from a request's `Proxy:` header
        // ("httpoxy"), which is why curl ignores it too.
        if httpProxy == nil { httpProxy = value("http_proxy") }
        if httpsProxy == nil { httpsProxy = value("https_proxy") ?? value("HTTPS_PROXY") }
        if noProxy == nil { noProxy = value("no_proxy") ?? value("NO_PROXY") }
        sampleRate = Self.clampRate(sampleRate)
        tracesSampleRate = tracesSampleRate.map(Self.clampRate)
        profilesSampleRate = profilesSampleRate.map(Self.clampRate)
        profileSessionSampleRate = profileSessionSampleRate.map(Self.clampRate)
        maxBreadcrumbs = max(0, maxBreadcrumbs)
        maxQueueSize = max(1, maxQueueSize)
        compressionLevel = min(max(compressionLevel, 0), 9)
        // curl reads 0 as "no timeout": a non-positive timeout gets the default instead.
        if connectTimeout <= .zero { connectTimeout = Options().connectTimeout }
        if requestTimeout <= .zero { requestTimeout = Options().requestTimeout }
    }

    /// The parsed DSN; `nil` when none is set. Throws when one is set but malformed.
    public func parsedDsn() throws(DsnError) -> Dsn? {
        guard let dsn, !dsn.trimmingWhitespace().isEmpty else { return nil }
        return try Dsn(dsn)
    }

    /// A diagnostics channel for these options.
    public var diagnostics: Diagnostics {
        Diagnostics(isEnabled: debug, minimumLevel: diagnosticLevel, logger: diagnosticLogger)
    }

    /// `true|t|y|yes|on|1` or `false|f|n|no|off|0`, case-insensitive; `nil` for anything else.
    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "t", "y", "yes", "on", "1": true
        case "false", "f", "n", "no", "off", "0": false
        default: nil
        }
    }

    /// A rate clamped into 0…1; NaN becomes 0.
    static func clampRate(_ rate: Double) -> Double {
        guard rate.isFinite else { return rate == .infinity ? 1 : 0 }
        return min(max(rate, 0), 1)
    }
}
