import Foundation
import SentryInbox
import Testing

@Suite("Lifecycle")
struct LifecycleTests {
    @Test("Stop refuses connections; start listens again on the same port and keeps what was received")
    func stopAndRestart() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let port = inbox.port
        #expect(RawHTTPClient(port: port)?.exchange(
            path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?.status == 200)

        inbox.stop()
        #expect(!inbox.isRunning)
        #expect(RawHTTPClient(port: port) == nil)

        try inbox.start()
        #expect(inbox.isRunning)
        #expect(inbox.port == port)
        let client = try #require(RawHTTPClient(port: port))
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?
            .status == 200)
        #expect(inbox.received().count == 2)
        #expect(inbox.connectionCount == 2)
    }

    @Test("Stop closes open keep-alive connections promptly")
    func stopClosesConnections() throws {
        let inbox = try InboxServer()
        let client = try #require(RawHTTPClient(port: inbox.port, timeout: .seconds(5)))
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())?
            .status == 200)
        let start = ContinuousClock.now
        inbox.stop()
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(client.isClosedByPeer())
    }

    @Test("Stop interrupts a delayed answer")
    func stopDuringDelay() throws {
        let inbox = try InboxServer()
        inbox.setFault(.delay(.seconds(30)))
        let client = try #require(RawHTTPClient(port: inbox.port, timeout: .seconds(5)))
        client.send(path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())
        _ = inbox.waitForRequests(count: 1, timeout: .milliseconds(200))
        let start = ContinuousClock.now
        inbox.stop()
        #expect(ContinuousClock.now - start < .seconds(2))
        guard case .closed = client.readResponse() else {
            Issue.record("expected the connection to close")
            return
        }
    }

    @Test("Waiting for envelopes that never come returns after the timeout")
    func boundedWait() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let start = ContinuousClock.now
        let received = inbox.waitForEnvelopes(count: 1, timeout: .milliseconds(150))
        let waited = ContinuousClock.now - start
        #expect(received.isEmpty)
        #expect(waited >= .milliseconds(150))
        #expect(waited < .seconds(2))
    }

    @Test("Waiting returns as soon as the envelopes are there")
    func waitWakesUp() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let port = inbox.port
        let sender = Thread {
            Thread.sleep(forTimeInterval: 0.1)
            _ = RawHTTPClient(port: port)?.exchange(
                path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope())
        }
        sender.start()
        let start = ContinuousClock.now
        #expect(inbox.waitForEnvelopes(count: 1, timeout: .seconds(10)).count == 1)
        #expect(ContinuousClock.now - start < .seconds(5))
        // The request record lands just after the envelope; wait for it before clearing both.
        #expect(inbox.waitForRequests(count: 1, timeout: .seconds(5)).count == 1)
        inbox.removeAllReceived()
        #expect(inbox.received().isEmpty)
        #expect(inbox.requests().isEmpty)
    }

    @Test("Binding a port that is taken fails with an error, not a crash")
    func portTaken() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        #expect(throws: InboxError.self) {
            _ = try InboxServer(configuration: InboxConfiguration(port: inbox.port))
        }
        #expect(throws: InboxError.self) {
            _ = try InboxServer(configuration: InboxConfiguration(host: "not-an-ip"))
        }
    }

    @Test("Releasing the last reference stops the server")
    func deinitStops() throws {
        var inbox: InboxServer? = try InboxServer()
        let port = try #require(inbox?.port)
        #expect(RawHTTPClient(port: port) != nil)
        inbox = nil
        #expect(RawHTTPClient(port: port) == nil)
    }
}
