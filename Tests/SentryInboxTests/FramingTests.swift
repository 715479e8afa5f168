import Foundation
import SentryCore
import SentryInbox
import Testing

@Suite("Framing")
struct FramingTests {
    @Test("curl sends a 3 MB envelope with Expect: 100-continue, gzip and plain")
    func largeBodies() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        var generator = SystemRandomNumberGenerator()
        let payload = (0..<3_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var envelope = Array("{\"event_id\":\"\(Fixtures.eventId)\"}\n".utf8)
        envelope += Array("{\"type\":\"attachment\",\"length\":\(payload.count),\"filename\":\"big.bin\"}\n".utf8)
        envelope += payload + [0x0A]
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("plain")
        let compressed = directory.appendingPathComponent("compressed")
        try Data(envelope).write(to: plain)
        try Data(Fixtures.gzip(envelope)).write(to: compressed)
        let (name, value) = Fixtures.auth()
        let result = try Fixtures.curl([
            "--write-out", "%{http_code}\n", "--output", "/dev/null", "-H", "\(name): \(value)",
            "-H", "Expect: 100-continue", "--data-binary", "@\(plain.path)", inbox.envelopeURL,
            "--next", "--write-out", "%{http_code}\n", "--output", "/dev/null", "-H", "\(name): \(value)",
            "-H", "Content-Encoding: gzip", "-H", "Expect: 100-continue", "--data-binary", "@\(compressed.path)",
            inbox.envelopeURL,
        ])
        #expect(result.output == "200\n200\n")
        let received = inbox.received()
        try #require(received.count == 2)
        #expect(received[0].items.first?.payload == payload)
        #expect(received[1].items.first?.payload == payload)
        #expect(received[1].wasCompressed)
        #expect(received.map(\.headers["expect"]) == ["100-continue", "100-continue"])
    }

    @Test("A request trickling in a few bytes at a time is read correctly, twice on one connection")
    func trickle() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        let body = Fixtures.eventEnvelope()
        let request = Array("\r\nPOST /api/1/envelope/ HTTP/1.1\r\nX-Sentry-Auth: \(Fixtures.auth().1)\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        for _ in 0..<2 {
            var offset = 0
            while offset < request.count {
                let next = min(request.count, offset + 7)
                client.send(Array(request[offset..<next]))
                offset = next
                usleep(500)
            }
            guard case .response(let response) = client.readResponse() else {
                Issue.record("no response")
                return
            }
            #expect(response.status == 200)
        }
        #expect(inbox.received().map(\.body) == [body, body])
    }

    @Test("Chunked bodies with extensions and trailers")
    func chunkedByHand() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        let body = Fixtures.eventEnvelope()
        let split = body.count / 3
        var request = Array("POST /api/1/envelope/ HTTP/1.1\r\nX-Sentry-Auth: \(Fixtures.auth().1)\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        request += Array("\(String(split, radix: 16));name=value\r\n".utf8) + body[..<split] + Array("\r\n".utf8)
        request += Array("\(String(body.count - split, radix: 16, uppercase: true))\r\n".utf8) + body[split...]
        request += Array("\r\n0\r\nX-Trailer: yes\r\n\r\n".utf8)
        client.send(request)
        guard case .response(let response) = client.readResponse() else {
            Issue.record("no response")
            return
        }
        #expect(response.status == 200)
        #expect(inbox.received().first?.body == body)
        // The connection is still usable afterwards.
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: body)?.status == 200)
        #expect(inbox.connectionCount == 1)
    }
}
