import Foundation
import SentryCore
import SentryInbox
import Testing

@testable import SentryTransport

/// The transport's health as backpressure handling sees it, against the real inbox, and the
/// monitor turning it into a down-sampling exponent check by check.
@Suite struct BackpressureHealthTests {
    /// Makes the transport meet a 429 that limits transactions for one second.
    func rateLimit(_ fixture: TransportFixture) {
        fixture.inbox.setFault(.rateLimited(rateLimits: "1::transaction"), count: 1)
        fixture.transport.send(errorEnvelope("limited"))
    }

    @Test func aRateLimitMakesTheTransportUnhealthyUntilItEnds() throws {
        let fixture = try TransportFixture(spool: false)
        defer { fixture.tearDown() }
        #expect(fixture.transport.isHealthy)
        rateLimit(fixture)
        #expect(eventually(timeout: .seconds(5)) { !fixture.transport.isHealthy })
        // Fanning out keeps the primary's health; Spotlight reports none.
        let multiplex = MultiplexTransport([fixture.transport, SpotlightTransport(url: "http://127.0.0.1:9/stream")])
        #expect(!multiplex.isHealthy)
        #expect(eventually(timeout: .seconds(3)) { fixture.transport.isHealthy })
        #expect(multiplex.isHealthy)
        _ = multiplex.transports[1].close(timeout: .seconds(1))
    }

    @Test func aFullQueueMakesTheTransportUnhealthyUntilItDrains() throws {
        // One request in flight: the stalled one holds the others in the queue (with two, the
        // second would go out on a second connection).
        let fixture = try TransportFixture(spool: false, queueCapacity: 2) { $0.maxRequestsInFlight = 1 }
        defer { fixture.tearDown() }
        fixture.inbox.setFault(.delay(.milliseconds(600)), count: 1)  // a stalled server
        fixture.transport.send(errorEnvelope("in flight"))
        #expect(eventually { fixture.transport.queuedCount == 0 })  // the worker took it
        #expect(fixture.transport.isHealthy)
        for index in 0..<2 { fixture.transport.send(errorEnvelope("m\(index)")) }
        // One envelope in flight and two queued: the queue is full.
        #expect(fixture.transport.queuedCount == 2)
        #expect(!fixture.transport.isHealthy)
        #expect(eventually(timeout: .seconds(5)) { fixture.transport.isHealthy && fixture.transport.queuedCount == 0 })
    }

    @Test func theMonitorHalvesTheRateOncePerUnhealthyCheckUpToTheCapAndRestoresIt() throws {
        let fixture = try TransportFixture(spool: false)
        defer { fixture.tearDown() }
        let monitor = BackpressureMonitor(health: fixture.transport, interval: 0.05, diagnostics: Diagnostics(isEnabled: false))
        monitor.run()
        #expect(monitor.downsampleExponent == 0)  // healthy: the full rate
        rateLimit(fixture)
        #expect(eventually(timeout: .seconds(5)) { !fixture.transport.isHealthy })
        var exponents: [Int] = []
        for _ in 0..<12 {
            monitor.run()
            exponents.append(monitor.downsampleExponent)
        }
        // One more halving per check (factor 2, 4, 8, …), capped at 2^10.
        #expect(exponents == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10])
        #expect(eventually(timeout: .seconds(3)) { fixture.transport.isHealthy })
        monitor.run()
        #expect(monitor.downsampleExponent == 0)
    }

    @Test func aStoppedMonitorNeverDownsamplesAgain() throws {
        let fixture = try TransportFixture(spool: false)
        defer { fixture.tearDown() }
        let monitor = BackpressureMonitor(health: fixture.transport, interval: 0.05, diagnostics: Diagnostics(isEnabled: false))
        rateLimit(fixture)
        #expect(eventually(timeout: .seconds(5)) { !fixture.transport.isHealthy })
        monitor.run()
        #expect(monitor.downsampleExponent == 1)
        monitor.stop()
        monitor.run()
        #expect(monitor.downsampleExponent <= 0)
    }
}
