import Foundation
import Sentry
import SentryInbox
import SentryTransport
import Testing

/// Backpressure handling end to end: the SDK as `SentrySDK.start` assembles it, the real curl
/// transport and the local inbox answering 429, with the health checked every 50 ms instead of 10 s.
@Suite struct BackpressureTests {
    /// An assembled SDK sending to a fresh inbox.
    struct Harness {
        let inbox: InboxServer
        let transport: CurlTransport
        let assembly: SDKAssembly

        init(enableBackpressureHandling: Bool = true) throws {
            inbox = try InboxServer()
            var options = Options()
            options.dsn = inbox.dsn
            options.tracesSampleRate = 1
            options.enableBackpressureHandling = enableBackpressureHandling
            let dsn = try Dsn(inbox.dsn)
            transport = CurlTransport(configuration: TransportConfiguration(dsn: dsn))
            assembly = SDKAssembly(
                options: options, dsn: dsn, transport: transport, recorder: transport.recorder, integrations: [],
                backpressureInterval: 0.05)
        }

        /// The inbox limits transactions for one second; an error meets the 429.
        func rateLimitTransactions() {
            inbox.setFault(.rateLimited(rateLimits: "3::transaction"), count: 1)  // long enough for 200 transactions on a loaded machine
            _ = SentrySDK.withHub(assembly.hub) { SentrySDK.capture(message: "meets the limit") }
        }

        /// Starts `count` transactions with one child span each; returns how many were sampled.
        func runTransactions(_ count: Int) -> Int {
            SentrySDK.withHub(assembly.hub) {
                var sampled = 0
                for index in 0..<count {
                    let transaction = SentrySDK.startTransaction(name: "job \(index)", operation: "task")
                    transaction.startChild(operation: "db.query", description: "SELECT 1").finish()
                    if transaction.sampled == true { sampled += 1 }
                    transaction.finish()
                }
                return sampled
            }
        }

        var exponent: Int { assembly.backpressure?.downsampleExponent ?? 0 }

        func tearDown() {
            assembly.hub.close(timeout: .seconds(2))
            inbox.stop()
        }
    }

    static func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    @Test func anUnhealthyTransportDownsamplesTracesAndReportsBackpressureUntilItRecovers() throws {
        let sdk = try Harness()
        defer { sdk.tearDown() }
        #expect(sdk.assembly.backpressure != nil)
        #expect(sdk.runTransactions(20) == 20)  // healthy: the full rate
        usleep(150_000)  // a few healthy checks
        #expect(sdk.exponent == 0)

        sdk.rateLimitTransactions()
        #expect(Self.eventually { sdk.exponent >= 2 })  // two unhealthy checks: 1/4 of the rate at most
        let total = 200
        let sampled = sdk.runTransactions(total)
        #expect(sampled < total / 2, "sampled \(sampled) of \(total) at 1/4 of the rate or less")

        // The limit ends after three seconds; the next check restores the full rate.
        #expect(Self.eventually(timeout: .seconds(10)) { sdk.exponent == 0 })
        #expect(sdk.runTransactions(20) == 20)

        #expect(sdk.transport.flush(timeout: .seconds(5)))
        let dropped = total - sampled
        var discards: [String: Int] = [:]
        #expect(Self.eventually { discards = sdk.inbox.discardedTotals(); return discards["backpressure:transaction"] != nil })
        #expect(discards["backpressure:transaction"] == dropped)
        #expect(discards["backpressure:span"] == 2 * dropped)  // the root and its child
        #expect(discards["sample_rate:transaction"] == nil)
    }

    @Test func withBackpressureHandlingOffNothingIsDownsampled() throws {
        let sdk = try Harness(enableBackpressureHandling: false)
        defer { sdk.tearDown() }
        #expect(sdk.assembly.backpressure == nil)
        sdk.rateLimitTransactions()
        #expect(Self.eventually { !sdk.transport.isHealthy })
        usleep(200_000)  // four checks' worth of time: a running monitor would be at 1/16 by now
        #expect(sdk.runTransactions(100) == 100)
        #expect(sdk.transport.flush(timeout: .seconds(5)))
        let discards = sdk.inbox.discardedTotals()
        #expect(discards.keys.allSatisfy { !$0.hasPrefix("backpressure:") }, "\(discards)")
    }
}
