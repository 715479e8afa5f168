import Foundation
import Glibc
import SentryCore
import SentryInbox
import Testing

@Suite("Hardening: connections, deadlines, memory and file modes")
struct HardeningTests {
    @Test("Connections over the cap are answered 503 and closed; a freed slot serves the next one")
    func connectionCap() throws {
        let inbox = try InboxServer(configuration: InboxConfiguration(maxConnections: 2))
        defer { inbox.stop() }
        var held: [RawHTTPClient] = []
        for _ in 0..<2 {
            let client = try #require(RawHTTPClient(port: inbox.port))
            #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?.status == 200)
            held.append(client)
        }
        let extra = try #require(RawHTTPClient(port: inbox.port))
        guard case .response(let refused) = extra.readResponse() else {
            Issue.record("the connection over the cap got no 503")
            return
        }
        #expect(refused.status == 503)
        #expect(refused.headers["retry-after"] == "1")
        #expect(extra.isClosedByPeer())
        #expect(inbox.refusedConnectionCount == 1)
        #expect(inbox.connectionCount == 2)

        held.removeFirst()  // closes it; the server frees the slot when it reads the end of stream
        var served = false
        let deadline = ContinuousClock.now + .seconds(5)
        while !served && ContinuousClock.now < deadline {
            let next = try #require(RawHTTPClient(port: inbox.port))
            served = next.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?.status == 200
            if !served { usleep(10_000) }
        }
        #expect(served)
        #expect(inbox.received().count == 3)
    }

    @Test("A client trickling a request byte by byte is answered 408 at the request deadline")
    func slowLoris() throws {
        let inbox = try InboxServer(configuration: InboxConfiguration(idleTimeout: .seconds(10), requestTimeout: .milliseconds(500)))
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port, timeout: .seconds(8)))
        let body = Fixtures.eventEnvelope()
        let request = Array("POST /api/1/envelope/ HTTP/1.1\r\nX-Sentry-Auth: \(Fixtures.auth().1)\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        // One byte every 50 ms (each well within the idle timeout): the whole request would take ~20 s.
        let socket = client.socket
        let stop = Locked(false)
        let sender = Thread {
            for byte in request {
                if stop.withLock({ $0 }) { return }
                let sent = withUnsafeBytes(of: byte) { Glibc.send(socket, $0.baseAddress!, 1, Int32(MSG_NOSIGNAL)) }
                if sent <= 0 { return }
                usleep(50_000)
            }
        }
        let started = ContinuousClock.now
        sender.start()
        defer { stop.withLock { $0 = true } }
        let outcome = client.readResponse()
        let elapsed = ContinuousClock.now - started
        guard case .response(let response) = outcome else {
            Issue.record("no 408 within \(elapsed): \(outcome)")
            return
        }
        #expect(response.status == 408)
        #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(4), "\(elapsed)")
        #expect(client.isClosedByPeer())
        #expect(inbox.received().isEmpty)
    }

    @Test("The request deadline starts with the request's first byte, not with an idle keep-alive wait")
    func deadlineStartsWithTheRequest() throws {
        let inbox = try InboxServer(configuration: InboxConfiguration(idleTimeout: .seconds(10), requestTimeout: .milliseconds(300)))
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?.status == 200)
        usleep(600_000)  // idle longer than the request timeout, within the idle timeout
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?.status == 200)
        #expect(inbox.connectionCount == 1)
    }

    @Test("Kept envelopes and request records stay within their limits, newest kept")
    func retentionIsBounded() throws {
        let inbox = try InboxServer(configuration: InboxConfiguration(maxRetainedEnvelopes: 5, maxRetainedRequests: 7))
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        let ids = (0..<20).map { String(format: "%032x", $0 + 1) }
        for id in ids {
            #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope(eventId: id))?.status == 200)
        }
        #expect(inbox.received().map { $0.envelope.header.eventId?.description } == Array(ids.suffix(5)))
        #expect(inbox.requests().count == 7)
        #expect(inbox.droppedCount.envelopes == 15)
        #expect(inbox.droppedCount.requests == 13)
    }

    @Test("Kept envelope bodies stay within the byte limit")
    func retainedBytesAreBounded() throws {
        let size = Fixtures.eventEnvelope().count
        let inbox = try InboxServer(configuration: InboxConfiguration(maxRetainedBytes: 3 * size + size / 2))
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        for index in 0..<10 {
            let id = String(format: "%032x", index + 1)
            #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope(eventId: id))?.status == 200)
        }
        let kept = inbox.received()
        #expect(kept.count == 3)
        #expect(kept.map(\.body.count).reduce(0, +) <= 3 * size + size / 2)
        #expect(kept.last?.envelope.header.eventId?.description == String(format: "%032x", 10))
        #expect(inbox.droppedCount.envelopes == 7)
    }

    @Test("Stored envelopes are 0600 in a directory created 0700")
    func storedFilesArePrivate() throws {
        let parent = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let directory = parent.appendingPathComponent("store").path
        let inbox = try InboxServer(configuration: InboxConfiguration(storageDirectory: directory))
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?.status == 200)
        let path = try #require(inbox.received().first?.storedPath)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600, "\(String(info.st_mode & 0o777, radix: 8))")
        #expect(stat(directory, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700, "\(String(info.st_mode & 0o777, radix: 8))")
    }

    @Test("Limits that cannot work are refused")
    func invalidLimits() {
        #expect(throws: InboxError.self) { try InboxServer(configuration: InboxConfiguration(maxConnections: 0)) }
        #expect(throws: InboxError.self) { try InboxServer(configuration: InboxConfiguration(requestTimeout: .zero)) }
        #expect(throws: InboxError.self) { try InboxServer(configuration: InboxConfiguration(maxRetainedEnvelopes: 0)) }
    }
}
