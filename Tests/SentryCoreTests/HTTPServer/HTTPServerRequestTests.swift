import Testing

@testable import SentryCore

/// What of an incoming request the framework middlewares put on events.
@Suite struct HTTPServerRequestTests {
    let request = HTTPServerRequest(
        method: "POST", scheme: "https", host: "alice:s3cret@api.example.com:8443", path: "/orders", query: "page=2",
        headers: [
            (name: "Content-Type", value: "application/json"), (name: "Cookie", value: "sid=abc; theme=dark"),
            (name: "Authorization", value: "Bearer t"), (name: "X-Forwarded-For", value: "10.0.0.1"),
            (name: "Accept", value: "a"), (name: "Accept", value: "b"),
            (name: "Sentry-Trace", value: "771a43a4192642f0b136d5159a501700-b3f0b6a1e2c4d5f6-1"),
            (name: "baggage", value: "sentry-trace_id=771a43a4192642f0b136d5159a501700"),
        ],
        remoteAddress: "192.0.2.7")
    let body = Array(#"{"item":"book","qty":2}"#.utf8)

    func eventRequest(pii: Bool, size: RequestBodySize = .medium, body: [UInt8]) -> Request {
        request.eventRequest(sendDefaultPii: pii, maxRequestBodySize: size, body: body)
    }

    @Test func urlDropsCredentialsAndQuery() {
        #expect(request.url == "https://api.example.com:8443/orders")
        #expect(HTTPServerRequest(method: "GET", path: "/x").url == "/x")
    }

    @Test func withoutPiiNoCookiesAuthIpOrBody() {
        let described = eventRequest(pii: false, body: body)
        #expect(described.method == "POST")
        #expect(described.queryString == "page=2")
        #expect(described.cookies.isEmpty)
        #expect(described.env.isEmpty)
        #expect(described.data == nil)
        #expect(described.headers["Authorization"] == nil)
        #expect(described.headers["X-Forwarded-For"] == nil)
        #expect(described.headers["Cookie"] == nil)
        #expect(described.headers["Accept"] == "a, b")
    }

    @Test func withPiiCookiesAddressAndBodyWithinTheLimit() {
        let described = eventRequest(pii: true, body: body)
        #expect(described.cookies == ["sid": "abc", "theme": "dark"])
        #expect(described.env["REMOTE_ADDR"] == "192.0.2.7")
        #expect(described.headers["Authorization"] == "Bearer t")
        #expect(described.data?["item"]?.stringValue == "book")
        #expect(eventRequest(pii: true, size: .never, body: body).data == nil)
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 1_001)
        #expect(eventRequest(pii: true, size: .small, body: big).data == nil)
    }

    @Test func bodiesByContentType() {
        #expect(HTTPServerRequest.bodyValue(Array("a=1&b=two".utf8), contentType: "application/x-www-form-urlencoded")
            == .object(["a": .string("1"), "b": .string("two")]))
        #expect(HTTPServerRequest.bodyValue(Array("plain".utf8), contentType: "text/plain") == .string("plain"))
        #expect(HTTPServerRequest.bodyValue([0xFF, 0xFE], contentType: nil) == nil)
        #expect(HTTPServerRequest.bodyValue(Array("{broken".utf8), contentType: "application/json") == .string("{broken"))
    }

    @Test func traceHeadersAnyCase() {
        #expect(request.traceHeaders.keys.sorted() == ["baggage", "sentry-trace"])
        #expect(request.traceHeaders["sentry-trace"] == "771a43a4192642f0b136d5159a501700-b3f0b6a1e2c4d5f6-1")
    }

    @Test func samplingDataCarriesTheRequestAndTheQueryOnlyWithPii() {
        let data = request.samplingData(sendDefaultPii: false)
        #expect(data["http.request.method"] == .string("POST"))
        #expect(data["url.path"] == .string("/orders"))
        #expect(data["url.full"] == .string("https://api.example.com:8443/orders"))
        #expect(data["url.query"] == nil)
        #expect(request.samplingData(sendDefaultPii: true)["url.query"] == .string("page=2"))
    }

    @Test func statusRanges() {
        let instrumentation = HTTPServerInstrumentation(framework: "vapor", failedStatusCodes: [500...599, 418...418])
        #expect(instrumentation.origin == "auto.http.vapor")
        #expect(instrumentation.captures(status: 503) && instrumentation.captures(status: 418))
        #expect(!instrumentation.captures(status: 404) && !instrumentation.captures(status: 200))
    }
}
