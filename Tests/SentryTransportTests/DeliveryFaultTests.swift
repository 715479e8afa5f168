import Foundation
import SentryCore
import SentryInbox
import Testing

@testable import SentryTransport

/// Delivery under faults: each test reproduces a defect found by trying the transport as an
/// unlucky operator would (rate limits, dead and slow servers, full spools, shared spools).
@Suite struct DeliveryFaultTests {
    /// An inbox and a spool directory that an earlier run left holding `messages`.
    struct LeftoverSpool {
        let inbox: InboxServer
        let directory = NSTemporaryDirectory() + "sentry-spool-\(UUID().uuidString)"

        init(messages: [String]) throws {
            inbox = try InboxServer()
            let spool = try #require(
                DiskSpool(directory: directory, maxEnvelopes: 100, maxBytes: 1 << 24, recorder: ClientReportRecorder(), diagnostics: Diagnostics(isEnabled: false)))
            for message in messages { #expect(spool.store(errorEnvelope(message))) }
        }

        /// A transport configuration that sends to the inbox and spools in the directory.
        func configuration() throws -> TransportConfiguration {
            var configuration = TransportConfiguration(dsn: try Dsn(inbox.dsn))
            configuration.spoolDirectory = directory
            return configuration
        }

        func tearDown() {
            inbox.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test func theWorkerSleepsWhileEverythingIsRateLimitedWithASpoolToSend() throws {
        let leftover = try LeftoverSpool(messages: ["first", "second", "third"])
        defer { leftover.tearDown() }
        let inbox = leftover.inbox
        inbox.setFault(.rateLimited(rateLimits: "60::organization"), count: 1)
        let transport = CurlTransport(configuration: try leftover.configuration())
        defer { _ = transport.close(timeout: .seconds(1)) }
        #expect(eventually { inbox.requests().count == 1 })
        usleep(300_000)
        let before = transport.workerWakeups
        usleep(500_000)
        // Asleep until the limit ends: a spinning worker wakes up many thousand times here.
        #expect(transport.workerWakeups - before <= 2)
        #expect(inbox.requests().count == 1)
        #expect(!transport.flush(timeout: .seconds(1)))  // two envelopes still wait on disk
    }

    @Test func aDropThatTheSpoolCannotKeepIsCountedOnce() throws {
        let fixture = try TransportFixture { $0.spoolMaxBytes = 1024 }
        defer { fixture.tearDown() }
        fixture.inbox.stop()
        fixture.transport.send(errorEnvelope(String(repeating: "too big for the spool ", count: 100)))
        #expect(!fixture.transport.flush(timeout: .seconds(5)))
        try fixture.inbox.start()
        usleep(600_000)  // past the back-off
        #expect(eventually { fixture.transport.flush(timeout: .seconds(2)) && !receivedDiscards(fixture.inbox).isEmpty })
        #expect(receivedDiscards(fixture.inbox) == ["network_error:error": 1])
    }

    @Test func aClientReportThatCannotBeSentIsPutBackOnce() throws {
        let fixture = try TransportFixture(spool: false)
        defer { fixture.tearDown() }
        fixture.inbox.stop()
        fixture.transport.recorder.recordDiscard(.sampleRate, category: .error, quantity: 7)
        #expect(!fixture.transport.flush(timeout: .seconds(5)))  // the report-only envelope fails
        #expect(!fixture.transport.flush(timeout: .seconds(5)))  // and again, a cycle later
        let report = try #require(fixture.transport.recorder.takeReport())
        #expect(report.discardedEvents == [.init(reason: .sampleRate, category: .error, quantity: 7)])
    }

    @Test func aClientReportRefusedWithA429IsKeptForTheNextEnvelope() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        fixture.transport.recorder.recordDiscard(.queueOverflow, category: .error, quantity: 3)
        fixture.inbox.setFault(.rateLimited(retryAfter: "1"), count: 1)
        fixture.transport.send(errorEnvelope("refused"))  // carries the pending report
        #expect(eventually { fixture.inbox.requests().count == 1 })
        usleep(1_200_000)  // past the limit
        fixture.transport.send(errorEnvelope("accepted"))
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        #expect(receivedMessages(fixture.inbox) == ["accepted"])
        #expect(receivedDiscards(fixture.inbox) == ["queue_overflow:error": 3])
    }

    @Test func countersSaturateInsteadOfTrapping() throws {
        let recorder = ClientReportRecorder()
        recorder.recordDiscard(.networkError, category: .error, quantity: Int.max)
        recorder.recordDiscard(.networkError, category: .error, quantity: Int.max)
        recorder.recordDiscard(.networkError, category: .error, quantity: 5)
        let report = try #require(recorder.takeReport())
        recorder.restore(report)
        recorder.restore(report)
        #expect(recorder.takeReport()?.discardedEvents == [.init(reason: .networkError, category: .error, quantity: Int.max)])
    }

    @Test func closeAgainstAHungServerKeepsEveryEnvelope() throws {
        let fixture = try TransportFixture(requestTimeout: .seconds(30))
        defer { fixture.tearDown() }
        fixture.inbox.setFault(.delay(.seconds(20)))
        for index in 0..<10 { fixture.transport.send(errorEnvelope("held \(index)")) }
        let started = ContinuousClock.now
        #expect(!fixture.transport.close(timeout: .milliseconds(500)))
        #expect(ContinuousClock.now - started < .seconds(3))
        // The one in flight was aborted and kept; the nine queued went to disk too.
        #expect(fixture.spooledFiles.count == 10)
        #expect(fixture.transport.recorder.takeReport() == nil)
    }

    @Test func processesSharingASpoolSendEachEnvelopeOnce() throws {
        let messages = (0..<20).map { "shared \($0)" }
        let leftover = try LeftoverSpool(messages: messages)
        defer { leftover.tearDown() }
        let inbox = leftover.inbox
        let configuration = try leftover.configuration()
        let first = CurlTransport(configuration: configuration)
        let second = CurlTransport(configuration: configuration)
        defer {
            _ = first.close(timeout: .seconds(1))
            _ = second.close(timeout: .seconds(1))
        }
        #expect(eventually { receivedMessages(inbox).count >= 20 })
        usleep(200_000)
        #expect(receivedMessages(inbox).sorted() == messages.sorted())
        #expect(first.recorder.takeReport() == nil)
        #expect(second.recorder.takeReport() == nil)
    }

    @Test func flushSendsWhatTheSpoolHoldsWhileTheServerAnswers() throws {
        let messages = (0..<8).map { "after the outage \($0)" }
        let leftover = try LeftoverSpool(messages: messages)
        defer { leftover.tearDown() }
        let inbox = leftover.inbox
        let transport = CurlTransport(configuration: try leftover.configuration())
        transport.send(errorEnvelope("this run's"))
        // A short-lived process: it flushes and exits at once.
        #expect(transport.flush(timeout: .seconds(5)))
        #expect(receivedMessages(inbox).count == 9)
        #expect(transport.close(timeout: .seconds(1)))
        #expect(Set(receivedMessages(inbox)) == Set(messages + ["this run's"]))
    }

    @Test func flushSaysWhenEnvelopesWentToDiskInsteadOfSentry() throws {
        let fixture = try TransportFixture()
        defer { fixture.tearDown() }
        fixture.inbox.stop()
        fixture.transport.send(errorEnvelope("to disk"))
        #expect(!fixture.transport.flush(timeout: .seconds(2)))
        #expect(fixture.spooledFiles.count == 1)
        try fixture.inbox.start()
        usleep(600_000)  // past the back-off
        #expect(fixture.transport.flush(timeout: .seconds(5)))
        #expect(receivedMessages(fixture.inbox) == ["to disk"])
    }

    @Test func aBrokenPipeCannotKillTheProcessFromAPostingThread() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let url = inbox.envelopeURL
        let checked = Locked<(blocked: Bool, survived: Bool)?>(nil)
        let thread = Thread {
            let session = CurlSession(settings: .init(userAgent: "test"))
            _ = session.post(url: url, headers: [], body: errorEnvelope().serialize())
            var mask = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &mask)
            let blocked = sigismember(&mask, SIGPIPE) == 1
            // What a write to a closed socket raises: blocked, it stays pending on this thread.
            if blocked { pthread_kill(pthread_self(), SIGPIPE) }
            checked.withLock { $0 = (blocked, true) }
        }
        thread.start()
        #expect(eventually { checked.withLock { $0 != nil } })
        #expect(checked.withLock { $0?.blocked } == true)
        #expect(checked.withLock { $0?.survived } == true)
    }
}
