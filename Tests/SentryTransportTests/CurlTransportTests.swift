import CZlib
import Foundation
import SentryCore
import SentryInbox
import Testing

@testable import SentryTransport

@Suite struct CurlTransportTests {
    @Test func deliversGzipWithAuthAndTheExactEnvelope() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        let envelope = errorEnvelope("hello inbox")
        fixture.transport.send(envelope)
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        let received = try #require(fixture.inbox.waitForEnvelopes(count: 1, timeout: .seconds(5)).first)
        #expect(received.wasCompressed)
        #expect(received.headers["content-encoding"] == "gzip")
        #expect(received.headers["content-type"] == "application/x-sentry-envelope")
        #expect(received.headers["user-agent"] == "sentry.swift.server/0.1.0")
        #expect(received.headers["x-sentry-auth"]?.contains("sentry_key=\(InboxConfiguration.defaultPublicKey)") == true)
        #expect(received.envelope.items == envelope.items)
        #expect(received.envelope.header.eventId == envelope.header.eventId)
        // sent_at is written at send time, once.
        let sentAt = try #require(received.envelope.header.sentAt)
        #expect(abs(sentAt.secondsSince1970 - SentryTimestamp.now().secondsSince1970) < 10)
        var wire = envelope
        wire.header.sentAt = sentAt
        let decompressedItems = try Envelope.parse(received.body).items
        #expect(decompressedItems == (try Envelope.parse(wire.serialize()).items))
    }

    @Test func gzipOutputDecompressesToTheInput() throws {
        let input = Array(String(repeating: "{\"event\":\"payload ✓\"}\n", count: 500).utf8) + (0...255).map(UInt8.init)
        for level in [1, 6, 9] {
            let compressed = try #require(Gzip.compress(input, level: level))
            #expect(compressed.count < input.count)
            #expect(compressed.prefix(2) == [0x1F, 0x8B])  // gzip magic
            #expect(gunzip(compressed) == input)
        }
        #expect(gunzip(try #require(Gzip.compress([]))) == [])
    }

    @Test func aReusedCompressorKeepsSmallAndLargeBodiesApart() throws {
        let compressor = try #require(GzipCompressor(level: 6))
        let small = Array(String(repeating: "{\"breadcrumb\":\"small ✓\"}\n", count: 80).utf8)
        var generator = SystemRandomNumberGenerator()
        let large = (0..<(GzipCompressor.smallInputLimit + 4_096)).map { index in
            index % 7 == 0 ? UInt8.random(in: 0...255, using: &generator) : UInt8(ascii: "a") + UInt8(index % 26)
        }
        #expect(small.count <= GzipCompressor.smallInputLimit && large.count > GzipCompressor.smallInputLimit)
        // Interleaved, each reset must leave nothing of the body before.
        for body in [small, large, small, large, []] {
            let compressed = try #require(compressor.compress(body))
            #expect(gunzip(compressed) == body)
        }
        let reused = try #require(compressor.compress(small))
        #expect(reused == (try #require(GzipCompressor(level: 6)?.compress(small))))  // a reset is a fresh stream
        #expect(reused.count < small.count / 4)
    }

    @Test func reusesItsConnectionsForManyEnvelopes() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        for index in 0..<25 { fixture.transport.send(errorEnvelope("e\(index)")) }
        #expect(fixture.transport.flush(timeout: .seconds(10)))
        #expect(fixture.inbox.waitForEnvelopes(count: 25, timeout: .seconds(5)).count == 25)
        // One kept-alive connection per request in flight, never one per envelope.
        #expect((1...2).contains(fixture.inbox.connectionCount))
        #expect(receivedMessages(fixture.inbox).sorted() == (0..<25).map { "e\($0)" }.sorted())
    }

    @Test func oneRequestInFlightKeepsOneConnectionAndTheOrder() throws {
        let fixture = try TransportFixture { $0.maxRequestsInFlight = 1 }
        defer { fixture.tearDown() }
        for index in 0..<25 { fixture.transport.send(errorEnvelope("e\(index)")) }
        #expect(fixture.transport.flush(timeout: .seconds(10)))
        #expect(fixture.inbox.waitForEnvelopes(count: 25, timeout: .seconds(5)).count == 25)
        #expect(fixture.inbox.connectionCount == 1)
        #expect(receivedMessages(fixture.inbox) == (0..<25).map { "e\($0)" })
    }

    /// Two slow answers overlap: both envelopes are posted before the first answer comes.
    @Test func twoRequestsAreInFlightAtOnce() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        fixture.transport.send(errorEnvelope("warm-up"))
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        fixture.inbox.setFault(.delay(.milliseconds(600)), count: 2)
        let start = ContinuousClock.now
        fixture.transport.send(errorEnvelope("slow 1"))
        fixture.transport.send(errorEnvelope("slow 2"))
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(600))
        #expect(elapsed < .milliseconds(1_150), "one after the other they take at least 1.2 s")
        #expect(receivedMessages(fixture.inbox).sorted() == ["slow 1", "slow 2", "warm-up"])
    }

    /// A session's updates arrive in the order they were sent although other envelopes overlap.
    @Test func sessionUpdatesKeepTheirOrder() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        var session = Session(release: "app@1")
        for sequence in 0..<20 {
            session.errors = sequence
            fixture.transport.send(Envelope(items: [EnvelopeItem(session: session)]))
            fixture.transport.send(errorEnvelope("e\(sequence)"))
        }
        #expect(fixture.transport.flush(timeout: .seconds(10)))
        let errors = fixture.inbox.received().flatMap(\.items).filter { $0.header.type == .session }.compactMap {
            (try? JSONValue.parse($0.payload))?["errors"]?.intValue
        }
        #expect(errors == (0..<20).map(Int64.init))
        #expect(receivedMessages(fixture.inbox).count == 20)
    }

    @Test func serverErrorsAreSpooledAndDeliveredLater() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        fixture.inbox.setFault(.respond(status: 500), count: 1)
        fixture.transport.send(errorEnvelope("survives a 500"))
        #expect(!fixture.transport.flush(timeout: .seconds(5)))  // kept on disk, not delivered yet
        #expect(eventually { receivedMessages(fixture.inbox) == ["survives a 500"] })
        #expect(eventually { fixture.spooledFiles.isEmpty })
    }

    @Test func resetConnectionsAndDeadServersLoseNothing() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        fixture.inbox.setFault(.reset, count: 1)
        fixture.transport.send(errorEnvelope("after reset"))
        #expect(eventually { receivedMessages(fixture.inbox) == ["after reset"] })

        fixture.inbox.stop()
        for index in 0..<5 { fixture.transport.send(errorEnvelope("offline \(index)")) }
        #expect(!fixture.transport.flush(timeout: .seconds(5)))  // everything went to disk: not delivered
        #expect(eventually { fixture.spooledFiles.count == 5 })
        try fixture.inbox.start()
        #expect(eventually { receivedMessages(fixture.inbox).count == 6 })
        #expect(Set(receivedMessages(fixture.inbox)) == Set(["after reset"] + (0..<5).map { "offline \($0)" }))
        #expect(eventually { fixture.spooledFiles.isEmpty })
    }

    @Test func aSlowServerPastTheTimeoutCountsAsANetworkFailure() throws {
        let fixture = try TransportFixture(requestTimeout: .milliseconds(300))
        defer { fixture.tearDown() }
        fixture.inbox.setFault(.delay(.seconds(2)), count: 1)
        let started = ContinuousClock.now
        fixture.transport.send(errorEnvelope("slow"))
        #expect(!fixture.transport.flush(timeout: .seconds(5)))
        #expect(ContinuousClock.now - started < .seconds(2))
        // The slow server stored it anyway once its delay ended; the spool resends it too, and
        // Sentry deduplicates by event id. What matters: it was kept, not lost.
        #expect(eventually { !receivedMessages(fixture.inbox).isEmpty })
    }

    @Test func payloadTooLargeIsDroppedAndReported() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        fixture.inbox.setFault(.payloadTooLarge, count: 1)
        fixture.transport.send(transactionEnvelope(spans: 4))
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        #expect(fixture.spooledFiles.isEmpty)
        #expect(fixture.transport.flush(timeout: .seconds(5)))  // sends the client report
        #expect(eventually { receivedDiscards(fixture.inbox) == ["send_error:transaction": 1, "send_error:span": 5] })
    }

    @Test func retryAfterOn429LimitsEverything() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        fixture.inbox.setFault(.rateLimited(retryAfter: "60"), count: 1)
        fixture.transport.send(errorEnvelope("limited"))
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        fixture.transport.send(errorEnvelope("blocked"))
        fixture.transport.send(transactionEnvelope(spans: 1))
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        #expect(fixture.inbox.requests().count == 1)  // nothing sent while everything is limited
        #expect(receivedMessages(fixture.inbox).isEmpty)
        let report = fixture.transport.recorder.takeReport()
        let totals = Dictionary((report?.discardedEvents ?? []).map { ("\($0.reason.rawValue):\($0.category.rawValue)", $0.quantity) },
                                uniquingKeysWith: +)
        // 429 itself is not reported (the server counted it); the local drops are.
        #expect(totals == ["ratelimit_backoff:error": 1, "ratelimit_backoff:transaction": 1, "ratelimit_backoff:span": 2])
    }

    @Test func rateLimitHeaderOnSuccessLimitsOnlyItsCategories() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        fixture.inbox.setFault(.respond(status: 200, rateLimits: "60:transaction:key, 2.5:monitor;unknown_thing:org"), count: 1)
        fixture.transport.send(errorEnvelope("first"))
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        fixture.transport.send(transactionEnvelope(spans: 0))
        fixture.transport.send(errorEnvelope("second"))
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        #expect(eventually { receivedMessages(fixture.inbox) == ["first", "second"] })
        let types = fixture.inbox.received().flatMap(\.itemTypes)
        #expect(!types.contains("transaction"))
        // The pending report rode along with "second".
        #expect(receivedDiscards(fixture.inbox) == ["ratelimit_backoff:transaction": 1, "ratelimit_backoff:span": 1])
    }

    @Test func aFullQueueDropsAndCountsExactly() throws {
        let fixture = try TransportFixture(queueCapacity: 3)
        defer { fixture.tearDown() }
        fixture.inbox.setFault(.delay(.milliseconds(500)), count: 1)
        for index in 0..<20 { fixture.transport.send(errorEnvelope("q\(index)")) }
        #expect(fixture.transport.flush(timeout: .seconds(10)))
        #expect(fixture.transport.flush(timeout: .seconds(10)))
        // The queue's 3, plus what the worker had taken before the loop filled it (up to the 2
        // requests in flight).
        let delivered = receivedMessages(fixture.inbox).count
        #expect((3...5).contains(delivered))
        #expect(eventually { receivedDiscards(fixture.inbox)["queue_overflow:error"] == 20 - delivered })
    }

    @Test func flushAndCloseAreBoundedWithAHungServer() throws {
        let fixture = try TransportFixture(requestTimeout: .seconds(30))
        defer { fixture.inbox.stop() }
        fixture.inbox.setFault(.delay(.seconds(20)))
        fixture.transport.send(errorEnvelope("stuck"))
        var started = ContinuousClock.now
        #expect(!fixture.transport.flush(timeout: .milliseconds(300)))
        #expect(ContinuousClock.now - started < .seconds(1))
        started = ContinuousClock.now
        _ = fixture.transport.close(timeout: .milliseconds(300))
        #expect(ContinuousClock.now - started < .seconds(2))
        // Nothing is accepted after close, and that is counted.
        fixture.transport.send(errorEnvelope("late"))
        #expect(fixture.transport.recorder.takeReport()?.discardedEvents.contains { $0.reason == .queueOverflow } == true)
    }

    @Test func flushWithNothingToDoReturnsAtOnce() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        let started = ContinuousClock.now
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        #expect(ContinuousClock.now - started < .milliseconds(200))
    }

    @Test func spoolFromAnEarlierRunIsSentAtStart() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let directory = NSTemporaryDirectory() + "sentry-spool-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = TransportConfiguration(dsn: try Dsn(inbox.dsn))
        configuration.spoolDirectory = directory
        let spool = try #require(DiskSpool(directory: directory, maxEnvelopes: 10, maxBytes: 1 << 20, recorder: ClientReportRecorder(), diagnostics: Diagnostics(isEnabled: false)))
        spool.store(errorEnvelope("from last run"))
        try Data("garbage, not an envelope".utf8).write(to: URL(fileURLWithPath: directory + "/00000000000000000000-corrupt.envelope"))
        let transport = CurlTransport(configuration: configuration)
        defer { _ = transport.close(timeout: .seconds(2)) }
        #expect(eventually { receivedMessages(inbox) == ["from last run"] })
        #expect(eventually { ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).isEmpty })
    }

    @Test func hostileExtraHeadersAreRefused() throws {
        let fixture = try TransportFixture { configuration in
            configuration.extraHeaders = ["X-Good": "yes", "X-Bad": "a\r\nInjected: 1", "Bad Name": "x"]
        }
        defer { fixture.tearDown() }
        fixture.transport.send(errorEnvelope())
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        let received = try #require(fixture.inbox.waitForEnvelopes(count: 1, timeout: .seconds(5)).first)
        #expect(received.headers["x-good"] == "yes")
        #expect(received.headers["injected"] == nil)
        #expect(received.headers["x-bad"] == nil)
    }
}

/// Inflates a gzip stream with zlib, independently of the code under test.
func gunzip(_ data: [UInt8]) -> [UInt8]? {
    var stream = z_stream()
    guard sentry_inflate_init_auto(&stream) == Z_OK else { return nil }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16_384)
    var input = data
    return input.withUnsafeMutableBufferPointer { source -> [UInt8]? in
        stream.next_in = source.baseAddress
        stream.avail_in = uInt(source.count)
        while true {
            let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                return inflate(&stream, Z_NO_FLUSH)
            }
            output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
            if status == Z_STREAM_END { return output }
            guard status == Z_OK else { return nil }
        }
    }
}

@Suite struct SpotlightTests {
    @Test func everyEnvelopeAlsoGoesToSpotlightUncompressedWithoutAuth() throws {
        let sidecar = try InboxServer()
        defer { sidecar.stop() }
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        let spotlight = SpotlightTransport(
            url: sidecar.envelopeURL + "?sentry_key=\(InboxConfiguration.defaultPublicKey)&sentry_version=7")
        let transport = MultiplexTransport([fixture.transport, spotlight])
        defer { _ = spotlight.close(timeout: .seconds(1)) }
        transport.send(errorEnvelope("seen twice"))
        #expect(transport.flush(timeout: .seconds(5)))
        let copy = try #require(sidecar.waitForEnvelopes(count: 1, timeout: .seconds(5)).first)
        #expect(!copy.wasCompressed)
        #expect(copy.headers["x-sentry-auth"] == nil)
        #expect(receivedMessages(sidecar) == ["seen twice"])
        #expect(receivedMessages(fixture.inbox) == ["seen twice"])
    }

    @Test func aDeadSidecarNeverDisturbsDelivery() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        let spotlight = SpotlightTransport(url: "http://127.0.0.1:1/stream")
        let transport = MultiplexTransport([fixture.transport, spotlight])
        for index in 0..<5 { transport.send(errorEnvelope("e\(index)")) }
        #expect(transport.flush(timeout: .seconds(5)))
        #expect(transport.close(timeout: .seconds(5)))
        #expect(eventually { receivedMessages(fixture.inbox).count == 5 })
    }
}

@Suite struct ClientReportSurvivalTests {
    @Test func reportsOfADeadServerAreKeptUntilTheyCanBeSent() throws {
        let fixture = try TransportFixture(spool: false)
        defer { fixture.tearDown() }
        fixture.inbox.stop()
        for index in 0..<3 { fixture.transport.send(errorEnvelope("lost \(index)")) }
        #expect(!fixture.transport.flush(timeout: .seconds(5)))  // lost for want of a server
        #expect(!fixture.transport.flush(timeout: .seconds(5)))  // the report-only envelope fails too
        try fixture.inbox.start()
        usleep(500_000)  // past the back-off
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        #expect(eventually { receivedDiscards(fixture.inbox) == ["network_error:error": 3] })
    }
}
