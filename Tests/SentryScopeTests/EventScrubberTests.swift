import SentryCore
import Testing

@testable import SentryScope

@Suite struct EventScrubberTests {
    static let filtered = JSONValue.string(EventScrubber.filtered)

    @Test(arguments: EventScrubber.defaultDenylist)
    func everyDenylistedKeyIsFilteredEverywhere(_ key: String) throws {
        var event = Event()
        let variants = [key, key.uppercased(), key.replacingDashes()]
        event.request = Request(
            queryString: "\(key)=s3cr3t&page=2", data: .object([key: "s3cr3t", "ok": "fine"]),
            cookies: [key: "s3cr3t"], headers: Dictionary(variants.map { ($0, "s3cr3t") }, uniquingKeysWith: { first, _ in first }),
            env: [key: "s3cr3t"])
        event.extra = [key: "s3cr3t", "ok": "fine"]
        event.contexts.other = ["custom": .object([key: "s3cr3t", "ok": "fine"])]
        event.user = User(id: "1", data: [key: "s3cr3t"])
        event.breadcrumbs = [Breadcrumb(message: "b", data: [key: "s3cr3t", "ok": "fine"])]
        EventScrubber(sendDefaultPii: true).scrub(&event)
        let json = try JSONValue.parse(event.jsonBytes())
        #expect(!String(decoding: event.jsonBytes(), as: UTF8.self).contains("s3cr3t"))
        #expect(json["request"]?["query_string"] == .string("\(key)=[Filtered]&page=2"))
        #expect(json["request"]?["data"]?["ok"] == "fine")
        #expect(json["extra"]?[key] == Self.filtered)
        #expect(json["contexts"]?["custom"]?[key] == Self.filtered)
        #expect(json["user"]?[key] == Self.filtered)
        #expect(json["breadcrumbs"]?["values"]?[0]?["data"]?[key] == Self.filtered)
        #expect(json["breadcrumbs"]?["values"]?[0]?["data"]?["ok"] == "fine")
    }

    @Test func withoutPIICookiesAndIPsAreRemoved() throws {
        var event = Event()
        event.request = Request(
            cookies: ["theme": "dark"], headers: ["X-Forwarded-For": "1.2.3.4", "X-Real-Ip": "1.2.3.4", "Accept": "json"],
            env: ["REMOTE_ADDR": "1.2.3.4", "SERVER_NAME": "web"])
        event.user = User(id: "7", ipAddress: "1.2.3.4")
        EventScrubber(sendDefaultPii: false).scrub(&event)
        #expect(event.request?.cookies.isEmpty == true)
        #expect(event.request?.headers == ["X-Forwarded-For": "[Filtered]", "X-Real-Ip": "[Filtered]", "Accept": "json"])
        #expect(event.request?.env == ["SERVER_NAME": "web"])
        #expect(event.user?.ipAddress == nil)
        #expect(event.user?.id == "7")
        var withPII = Event()
        withPII.user = User(ipAddress: "1.2.3.4")
        withPII.request = Request(cookies: ["theme": "dark"])
        EventScrubber(sendDefaultPii: true).scrub(&withPII)
        #expect(withPII.user?.ipAddress == "1.2.3.4")
        #expect(withPII.request?.cookies == ["theme": "dark"])
    }

    /// Written out, not derived from the denylist: removing a key from the list fails here.
    @Test(arguments: [
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "X-CSRFToken", "password", "passwd",
        "secret", "api_key", "apikey", "token", "session", "sessionid", "csrftoken", "credentials", "private_key", "auth",
    ])
    func sensitiveHeadersAndKeysAreAlwaysFiltered(_ key: String) {
        let scrubber = EventScrubber(sendDefaultPii: true)
        var event = Event()
        event.request = Request(headers: [key: "s3cr3t", "Accept": "json"])
        event.extra = [key: "s3cr3t"]
        scrubber.scrub(&event)
        #expect(event.request?.headers == [key: "[Filtered]", "Accept": "json"])
        #expect(event.extra == [key: "[Filtered]"])
    }

    /// X-Forwarded-For stays filtered even with PII, as in the Python SDK's default denylist.
    @Test(arguments: [
        ("X-Forwarded-For", "[Filtered]"), ("X-Real-IP", "203.0.113.9"), ("Forwarded", "203.0.113.9"),
        ("True-Client-IP", "203.0.113.9"), ("CF-Connecting-IP", "203.0.113.9"), ("X-Client-IP", "203.0.113.9"),
    ])
    func clientAddressHeadersAreFilteredWithoutPII(_ header: String, _ withPIIValue: String) {
        var event = Event()
        event.request = Request(headers: [header: "203.0.113.9"])
        EventScrubber(sendDefaultPii: false).scrub(&event)
        #expect(event.request?.headers == [header: "[Filtered]"])
        var withPII = Event()
        withPII.request = Request(headers: [header: "203.0.113.9"])
        EventScrubber(sendDefaultPii: true).scrub(&withPII)
        #expect(withPII.request?.headers == [header: withPIIValue])
    }

    @Test func nestedValuesArraysTagsAndSpanDataAreScrubbedAtEveryDepth() throws {
        var event = Event()
        event.tags = ["password": "s3cr3t", "route": "/login"]
        event.extra = [
            "form": .object(["user": .object(["password": "s3cr3t", "name": "ana"])]),
            "list": .array([.object(["token": "s3cr3t"]), "plain"]),
        ]
        event.spans = [
            SpanRecord(traceId: SentryId(), spanId: SpanId(), op: "db", startTimestamp: .now(), data: ["db": .object(["api_key": "s3cr3t"])]),
            SpanRecord(traceId: SentryId(), spanId: SpanId(), op: "http", startTimestamp: .now(), data: ["authorization": "Bearer x", "url": "/a"]),
            SpanRecord(traceId: SentryId(), spanId: SpanId(), op: "gen_ai.chat", startTimestamp: .now(), data: ["gen_ai.request.model": "gpt-4o"]),
        ]
        EventScrubber(sendDefaultPii: true).scrub(&event)
        #expect(event.tags == ["password": "[Filtered]", "route": "/login"])
        #expect(event.extra["form"] == .object(["user": .object(["password": "[Filtered]", "name": "ana"])]))
        #expect(event.extra["list"] == .array([.object(["token": "[Filtered]"]), "plain"]))
        #expect(event.spans[0].data["db"] == .object(["api_key": "[Filtered]"]))
        #expect(event.spans[1].data == ["authorization": "[Filtered]", "url": "/a"])
        #expect(event.spans[2].data == ["gen_ai.request.model": "gpt-4o"])
    }

    @Test func urlCredentialsAndQuerySecretsAreRemoved() {
        let scrubber = EventScrubber(sendDefaultPii: true)
        #expect(scrubber.scrub(url: "https://admin:pw@shop.example:8443/a?token=abc&page=2#top") == "https://[Filtered]@shop.example:8443/a?token=[Filtered]&page=2#top")
        #expect(scrubber.scrub(url: "https://shop.example/a@b?x=1") == "https://shop.example/a@b?x=1")
        #expect(scrubber.scrub(url: "/relative?password=1") == "/relative?password=[Filtered]")
        #expect(scrubber.scrub(url: "mailto:a@b") == "mailto:a@b")
    }

    @Test func requestBodiesLeaveOnlyWithPII() {
        var event = Event()
        event.request = Request(data: .object(["card": "4111111111111111"]))
        EventScrubber(sendDefaultPii: false).scrub(&event)
        #expect(event.request?.data == nil)
        var withPII = Event()
        withPII.request = Request(data: .object(["card": "4111111111111111", "password": "pw"]))
        EventScrubber(sendDefaultPii: true).scrub(&withPII)
        #expect(withPII.request?.data == .object(["card": "4111111111111111", "password": "[Filtered]"]))
    }

    @Test func logAndMetricAttributesAreScrubbed() {
        var attributes: [String: Attribute] = ["password": Attribute(.string("pw")), "route": Attribute(.string("/a"))]
        EventScrubber(sendDefaultPii: false).scrub(&attributes)
        #expect(attributes == ["password": Attribute(.string("[Filtered]")), "route": Attribute(.string("/a"))])
    }

    @Test func percentEncodedQueryKeysAreRecognised() {
        let scrubber = EventScrubber(sendDefaultPii: true)
        #expect(scrubber.scrub(queryString: "api%5Fkey=abc&x=1") == "api%5Fkey=[Filtered]&x=1")
        #expect(scrubber.scrub(queryString: "broken=%zz&&token") == "broken=%zz&&token")
    }
}

extension String {
    func replacingDashes() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}

@Suite struct DeniedKeysTests {
    @Test func keysMatchWholeCaseInsensitivelyWithDashesAsUnderscores() {
        let scrubber = EventScrubber(sendDefaultPii: true, extraKeys: ["Order-Secret"])
        for key in ["password", "PASSWORD", "Api-Key", "x-csrftoken", "XSRF_TOKEN", "order_secret", "ORDER-SECRET"] {
            #expect(scrubber.isDenied(key), "\(key)")
        }
        for key in ["passwords", "passwor", "pass-word", "api.key", "", "gen_ai.tool.name", "order_secrets", "tokens"] {
            #expect(!scrubber.isDenied(key), "\(key)")
        }
    }

    @Test func nonASCIIKeysAreLoweredTheUnicodeWay() {
        let scrubber = EventScrubber(sendDefaultPii: true, extraKeys: ["geheimnis-ä"])
        #expect(scrubber.isDenied("GEHEIMNIS_Ä"))
        #expect(scrubber.isDenied("to\u{212A}en"))  // KELVIN SIGN lowercases to an ASCII "k": "token"
        #expect(!scrubber.isDenied("pässword"))
    }
}
