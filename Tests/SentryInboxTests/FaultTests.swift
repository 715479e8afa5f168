import SentryInbox
import Testing

@Suite("Fault modes")
struct FaultTests {
    private func send(_ client: RawHTTPClient) -> RawHTTPClient.Response? {
        client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())
    }

    @Test("Any status, with Retry-After, for the next N requests only", arguments: [500, 502, 503, 401, 418])
    func status(code: Int) throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        inbox.setFault(.respond(status: code, retryAfter: "7"), count: 2)
        let client = try #require(RawHTTPClient(port: inbox.port))
        for _ in 0..<2 {
            let response = try #require(send(client))
            #expect(response.status == code)
            #expect(response.headers["retry-after"] == "7")
            #expect(response.headers["x-sentry-rate-limits"] == nil)
        }
        let normal = try #require(send(client))
        #expect(normal.status == 200)
        #expect(normal.headers["retry-after"] == nil)
        #expect(inbox.received().count == 1)
        #expect(inbox.requests().map(\.status) == [code, code, 200])
        #expect(inbox.requests().map(\.fault) == [.respond(status: code, retryAfter: "7"), .respond(status: code, retryAfter: "7"), nil])
    }

    @Test("429 with rate-limit headers until cleared")
    func rateLimitedUntilCleared() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let limits = "60:error;transaction:organization, 2700::project"
        inbox.setFault(.rateLimited(retryAfter: "60", rateLimits: limits))
        let client = try #require(RawHTTPClient(port: inbox.port))
        for _ in 0..<3 {
            let response = try #require(send(client))
            #expect(response.status == 429)
            #expect(response.headers["retry-after"] == "60")
            #expect(response.headers["x-sentry-rate-limits"] == limits)
        }
        #expect(inbox.received().isEmpty)
        inbox.clearFaults()
        #expect(send(client)?.status == 200)
        #expect(inbox.received().count == 1)
        #expect(inbox.connectionCount == 1)
    }

    @Test("Rate-limit headers on a 200: the envelope is still accepted")
    func headersOnSuccess() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        inbox.setFault(.respond(status: 200, rateLimits: "60:transaction:key"), count: 1)
        let client = try #require(RawHTTPClient(port: inbox.port))
        let response = try #require(send(client))
        #expect(response.status == 200)
        #expect(response.bodyText == "{\"id\":\"\(Fixtures.eventId)\"}")
        #expect(response.headers["x-sentry-rate-limits"] == "60:transaction:key")
        #expect(inbox.received().count == 1)
        #expect(send(client)?.headers["x-sentry-rate-limits"] == nil)
    }

    @Test("413 for the next request")
    func payloadTooLarge() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        inbox.setFault(.payloadTooLarge, count: 1)
        let client = try #require(RawHTTPClient(port: inbox.port))
        #expect(send(client)?.status == 413)
        #expect(send(client)?.status == 200)
        #expect(inbox.received().count == 1)
    }

    @Test("A slow server: the answer comes after the delay")
    func delay() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        inbox.setFault(.delay(.milliseconds(400)), count: 1)
        let client = try #require(RawHTTPClient(port: inbox.port))
        let start = ContinuousClock.now
        #expect(send(client)?.status == 200)
        let slow = ContinuousClock.now - start
        #expect(slow >= .milliseconds(400))
        #expect(inbox.received().count == 1)
        let fastStart = ContinuousClock.now
        #expect(send(client)?.status == 200)
        #expect(ContinuousClock.now - fastStart < .milliseconds(400))
    }

    @Test("A delay a client gives up on: the client times out without an answer")
    func delayBeyondClientTimeout() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        inbox.setFault(.delay(.seconds(3)), count: 1)
        let client = try #require(RawHTTPClient(port: inbox.port, timeout: .milliseconds(300)))
        client.send(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())
        guard case .timedOut = client.readResponse() else {
            Issue.record("expected a timeout")
            return
        }
    }

    @Test("Reset: the connection is closed mid-request without an answer")
    func reset() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        inbox.setFault(.reset, count: 1)
        let client = try #require(RawHTTPClient(port: inbox.port))
        client.send(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())
        guard case .closed(let bytes) = client.readResponse() else {
            Issue.record("expected the connection to be closed")
            return
        }
        #expect(bytes == 0)
        #expect(inbox.received().isEmpty)
        #expect(inbox.requests().map(\.status) == [nil])
        #expect(inbox.requests().first?.fault == .reset)

        let next = try #require(RawHTTPClient(port: inbox.port))
        #expect(send(next)?.status == 200)
        #expect(inbox.connectionCount == 2)
    }

    @Test("curl sees the reset as a failed transfer")
    func resetSeenByCurl() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        inbox.setFault(.reset)
        let (name, value) = Fixtures.auth()
        let result = try Fixtures.curl(["-H", "\(name): \(value)", "--data-binary", "{}", inbox.envelopeURL])
        #expect(result.status != 0)
        #expect(result.output.isEmpty)
    }

    @Test("setFault with count 0 clears; a new fault replaces the old one")
    func replacing() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        inbox.setFault(.respond(status: 500))
        inbox.setFault(.respond(status: 503), count: 1)
        #expect(send(client)?.status == 503)
        #expect(send(client)?.status == 200)
        inbox.setFault(.respond(status: 500))
        inbox.setFault(.respond(status: 500), count: 0)
        #expect(send(client)?.status == 200)
    }
}
