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

    @Test func percentEncodedQueryKeysAreRecognised() {
        let scrubber = EventScrubber(sendDefaultPii: true)
        #expect(scrubber.scrub(queryString: "api%5Fkey=abc&x=1") == "api%5Fkey=[Filtered]&x=1")
        #expect(scrubber.scrub(queryString: "broken=%zz&&token") == "broken=%zz&&token")
    }
}

extension String {
    func replacingDashes() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}
