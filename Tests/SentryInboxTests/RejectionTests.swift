import SentryInbox
import Testing

@Suite("Rejections")
struct RejectionTests {
    @Test("Wrong key and wrong project get 403, missing auth 401; nothing is stored")
    func credentials() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        let wrongKey = try #require(client.exchange(
            path: Fixtures.path(), headers: [Fixtures.auth(key: "wrong")], body: Fixtures.eventEnvelope()))
        #expect(wrongKey.status == 403)
        #expect(wrongKey.bodyText.contains("sentry_key"))
        let wrongProject = try #require(client.exchange(
            path: Fixtures.path(project: "999"), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope()))
        #expect(wrongProject.status == 403)
        let missing = try #require(client.exchange(path: Fixtures.path(), body: Fixtures.eventEnvelope()))
        #expect(missing.status == 401)
        #expect(inbox.received().isEmpty)
        // The connection survives refusals.
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?
            .status == 200)
        #expect(inbox.connectionCount == 1)
    }

    @Test("Unknown paths get 404, other methods 405")
    func routing() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        #expect(client.exchange(path: "/api/1/store/", headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?
            .status == 404)
        #expect(client.exchange(path: "/", headers: [Fixtures.auth()])?.status == 404)
        #expect(client.exchange(path: "/api//envelope/", headers: [Fixtures.auth()])?.status == 404)
        let get = try #require(client.exchange(method: "GET", path: Fixtures.path(), headers: [Fixtures.auth()]))
        #expect(get.status == 405)
        #expect(get.headers["allow"] == "POST")
        #expect(inbox.received().isEmpty)
    }

    @Test("A body that is not an envelope gets 400 with a reason")
    func garbage() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        let garbage = try #require(client.exchange(
            path: Fixtures.path(), headers: [Fixtures.auth()], body: Array("this is not an envelope\n".utf8)))
        #expect(garbage.status == 400)
        #expect(garbage.bodyText.contains("invalid envelope"))
        let empty = try #require(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()]))
        #expect(empty.status == 400)
        var truncatedItem = Array("{}\n{\"type\":\"event\",\"length\":500}\n{}".utf8)
        truncatedItem += [0x0A]
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: truncatedItem)?.status == 400)
        #expect(inbox.received().isEmpty)
    }

    @Test("Truncated or corrupt gzip gets 400; unknown encodings get 415")
    func badCompression() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        let compressed = Fixtures.gzip(Fixtures.eventEnvelope())
        let gzipHeaders = [Fixtures.auth(), ("Content-Encoding", "gzip")]
        let truncated = try #require(client.exchange(
            path: Fixtures.path(), headers: gzipHeaders, body: Array(compressed.prefix(compressed.count / 2))))
        #expect(truncated.status == 400)
        #expect(truncated.bodyText.contains("truncated"))
        var corrupt = compressed
        corrupt[corrupt.count / 2] ^= 0xFF
        corrupt[corrupt.count / 2 + 1] ^= 0xFF
        #expect(client.exchange(path: Fixtures.path(), headers: gzipHeaders, body: corrupt)?.status == 400)
        #expect(client.exchange(path: Fixtures.path(), headers: gzipHeaders,
                                body: Fixtures.eventEnvelope())?.status == 400)
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth(), ("Content-Encoding", "br")],
                                body: compressed)?.status == 415)
        #expect(inbox.received().isEmpty)
        #expect(client.exchange(path: Fixtures.path(), headers: gzipHeaders, body: compressed)?.status == 200)
    }

    @Test("Bodies over the limit get 413, compressed or not")
    func tooLarge() throws {
        let inbox = try InboxServer(configuration: InboxConfiguration(maxBodySize: 4096))
        defer { inbox.stop() }
        let big = Fixtures.eventEnvelope() + Array(repeating: UInt8(ascii: " "), count: 10_000)
        let client = try #require(RawHTTPClient(port: inbox.port))
        let raw = try #require(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: big))
        #expect(raw.status == 413)
        #expect(raw.headers["connection"] == "close")

        // 10 kB of spaces compresses far below the limit, but inflates above it.
        let compressed = Fixtures.gzip(big)
        #expect(compressed.count < 4096)
        let bomb = try #require(RawHTTPClient(port: inbox.port))
        #expect(bomb.exchange(path: Fixtures.path(), headers: [Fixtures.auth(), ("Content-Encoding", "gzip")],
                              body: compressed)?.status == 413)
        #expect(inbox.received().isEmpty)
    }

    @Test("Malformed heads get 400, oversized heads 431, bad framing 400/501, and the server survives")
    func malformedHeads() throws {
        let inbox = try InboxServer(configuration: InboxConfiguration(maxHeaderSize: 1024))
        defer { inbox.stop() }
        let cases: [(String, Int)] = [
            ("GARBAGE\r\n\r\n", 400),
            ("POST /api/1/envelope/ HTTP/2.0\r\n\r\n", 505),
            ("POST /api/1/envelope/ HTTP/1.1\r\nNoColon\r\n\r\n", 400),
            ("POST /api/1/envelope/ HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400),
            ("POST /api/1/envelope/ HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 400),
            ("POST /api/1/envelope/ HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
            ("POST /api/1/envelope/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n", 400),
            ("POST /api/1/envelope/ HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 2000))\r\n\r\n", 431),
        ]
        for (request, status) in cases {
            let client = try #require(RawHTTPClient(port: inbox.port))
            client.send(Array(request.utf8))
            guard case .response(let response) = client.readResponse() else {
                Issue.record("no response to \(request.prefix(40))")
                continue
            }
            #expect(response.status == status, "\(request.prefix(40))")
            #expect(client.isClosedByPeer())
        }
        let client = try #require(RawHTTPClient(port: inbox.port))
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?
            .status == 200)
    }

    @Test("A client that disconnects mid-body does not disturb the server")
    func abandonedBody() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        do {
            let client = try #require(RawHTTPClient(port: inbox.port))
            client.send(Array("POST /api/1/envelope/ HTTP/1.1\r\nContent-Length: 1000\r\n\r\n{\"event".utf8))
        }
        let requests = inbox.waitForRequests(count: 1, timeout: .seconds(5))
        #expect(requests.count == 1)
        #expect(requests.first?.status == nil)
        let client = try #require(RawHTTPClient(port: inbox.port))
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?
            .status == 200)
    }
}
