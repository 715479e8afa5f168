import SentryInbox
import Testing

@Suite("Keep-alive")
struct KeepAliveTests {
    @Test("Several requests over one connection count as one connection")
    func reuse() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        for index in 0..<5 {
            let eventId = String(repeating: String(index), count: 32)
            let response = try #require(client.exchange(
                path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope(eventId: eventId)))
            #expect(response.status == 200)
            #expect(response.headers["connection"] == "keep-alive")
            #expect(response.bodyText == "{\"id\":\"\(eventId)\"}")
        }
        #expect(inbox.connectionCount == 1)
        #expect(inbox.received().count == 5)
        #expect(Set(inbox.received().map(\.connection)) == [1])
    }

    @Test("Pipelined requests sent in one write are all answered in order")
    func pipelining() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        var bytes: [UInt8] = []
        for index in 1...3 {
            let body = Fixtures.eventEnvelope(eventId: String(repeating: String(index), count: 32))
            bytes += Array("POST /api/1/envelope/ HTTP/1.1\r\nX-Sentry-Auth: \(Fixtures.auth().1)\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
            bytes += body
        }
        #expect(client.send(bytes))
        for index in 1...3 {
            guard case .response(let response) = client.readResponse() else {
                Issue.record("no response \(index)")
                return
            }
            #expect(response.bodyText.contains(String(repeating: String(index), count: 32)))
        }
        #expect(inbox.connectionCount == 1)
    }

    @Test("Connection: close is honoured, and the next request needs a new connection")
    func connectionClose() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let first = try #require(RawHTTPClient(port: inbox.port))
        let response = try #require(first.exchange(
            path: Fixtures.path(), headers: [Fixtures.auth(), ("Connection", "close")], body: Fixtures.eventEnvelope()))
        #expect(response.status == 200)
        #expect(response.headers["connection"] == "close")
        #expect(first.isClosedByPeer())

        let second = try #require(RawHTTPClient(port: inbox.port))
        #expect(second.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?
            .status == 200)
        #expect(inbox.connectionCount == 2)
        #expect(inbox.received().map(\.connection) == [1, 2])
    }

    @Test("An HTTP/1.0 request without keep-alive gets its connection closed")
    func http10() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        let body = Fixtures.eventEnvelope()
        client.send(Array("POST /api/1/envelope/ HTTP/1.0\r\nX-Sentry-Auth: \(Fixtures.auth().1)\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
        guard case .response(let response) = client.readResponse() else {
            Issue.record("no response")
            return
        }
        #expect(response.status == 200)
        #expect(client.isClosedByPeer())
    }

    @Test("An idle connection is closed after the idle timeout")
    func idleTimeout() throws {
        let inbox = try InboxServer(configuration: InboxConfiguration(idleTimeout: .milliseconds(200)))
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port, timeout: .seconds(5)))
        let start = ContinuousClock.now
        #expect(client.isClosedByPeer())
        #expect(ContinuousClock.now - start < .seconds(4))
    }
}
