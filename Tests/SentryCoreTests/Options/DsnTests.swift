import Testing

@testable import SentryCore

@Suite struct DsnTests {
    @Test func parsesTheUsualSaaSForm() throws {
        let dsn = try Dsn("https://abc123@o1.ingest.us.sentry.io/42")
        #expect(dsn.scheme == "https")
        #expect(dsn.publicKey == "abc123")
        #expect(dsn.secretKey == nil)
        #expect(dsn.host == "o1.ingest.us.sentry.io")
        #expect(dsn.port == nil)
        #expect(dsn.projectId == "42")
        #expect(dsn.orgId == "1")
        #expect(dsn.envelopeURL == "https://o1.ingest.us.sentry.io/api/42/envelope/")
        #expect(
            dsn.authHeader(client: "sentry.swift.server/0.1.0")
                == "Sentry sentry_key=abc123, sentry_version=7, sentry_client=sentry.swift.server/0.1.0")
    }

    @Test func keepsSecretPortAndPathPrefix() throws {
        let dsn = try Dsn("http://public:secret@sentry.example.com:9000/path/to/sentry/7")
        #expect(dsn.secretKey == "secret")
        #expect(dsn.port == 9000)
        #expect(dsn.pathPrefix == "/path/to/sentry")
        #expect(dsn.envelopeURL == "http://sentry.example.com:9000/path/to/sentry/api/7/envelope/")
        #expect(dsn.authHeader(client: "x/1").hasSuffix(", sentry_secret=secret"))
        #expect(dsn.orgId == nil)
        #expect(dsn.description == "http://public:secret@sentry.example.com:9000/path/to/sentry/7")
    }

    @Test func dropsDefaultPortsAndHandlesIPv6() throws {
        #expect(try Dsn("https://k@host:443/1").envelopeURL == "https://host/api/1/envelope/")
        #expect(try Dsn("http://k@host:80/1").port == nil)
        let v6 = try Dsn("http://k@[::1]:8000/3")
        #expect(v6.host == "::1")
        #expect(v6.envelopeURL == "http://[::1]:8000/api/3/envelope/")
        #expect(try Dsn("  https://k@host/1/  ").projectId == "1")
    }

    @Test(arguments: [
        ("", DsnError.empty),
        ("not a dsn", .missingScheme),
        ("ftp://k@host/1", .unsupportedScheme("ftp")),
        ("https://host/1", .missingPublicKey),
        ("https://@host/1", .missingPublicKey),
        ("https://k@/1", .invalidHost("")),
        ("https://k@host:99999/1", .invalidPort("99999")),
        ("https://k@host:abc/1", .invalidPort("abc")),
        ("https://k@host", .missingProjectId),
        ("https://k@host/", .missingProjectId),
        ("https://k@host/a b", .invalidPath("/a b")),
        ("https://k@host/a%20b", .invalidProjectId("a%20b")),
        // Control characters would reach the X-Sentry-Auth header or the request line.
        ("https://abc\r\nX-Injected: 1@host/1", .invalidPublicKey("abc\r\nX-Injected")),
        ("https://abc\n@host/1", .invalidPublicKey("abc\n")),
        ("https://abc:s\r\ncret@host/1", .invalidSecretKey),
        ("https://k@ho\rst/1", .invalidHost("ho\rst")),
        ("https://k@host/pre\nfix/1", .invalidPath("/pre\nfix/1")),
        ("https://k@[::1\r]/1", .invalidHost("[::1\r]")),
    ])
    func rejectsMalformedDsnsWithAReason(_ input: String, _ expected: DsnError) {
        #expect(throws: expected) { try Dsn(input) }
        #expect(!expected.description.isEmpty)
    }

    @Test func aValidatedKeyLeavesTheAuthHeaderOnOneLine() throws {
        let dsn = try Dsn("https://0123abcdef_-.~%41:secret9@o1.ingest.sentry.io/42")
        #expect(dsn.authHeader(client: "sentry.swift/1") == "Sentry sentry_key=0123abcdef_-.~%41, sentry_version=7, sentry_client=sentry.swift/1, sentry_secret=secret9")
    }

    @Test func hostileInputNeverCrashes() {
        let inputs = [
            String(repeating: "a", count: 1_000_000), "https://" + String(repeating: "@", count: 1000) + "/1",
            "https://k@[::1/1", "https://k@h:/1", "https://\u{0}@h/1", "https://k@h/\u{FFFD}",
        ]
        for input in inputs { _ = try? Dsn(input) }
    }
}
