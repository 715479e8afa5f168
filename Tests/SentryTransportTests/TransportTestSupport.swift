import Foundation
import SentryCore
import SentryInbox

@testable import SentryTransport

/// A fresh inbox and a transport pointed at it, with a private spool directory.
struct TransportFixture {
    let inbox: InboxServer
    let transport: CurlTransport
    let spoolDirectory: String

    init(
        spool: Bool = true, queueCapacity: Int = 100, requestTimeout: Duration = .seconds(5),
        configure: (inout TransportConfiguration) -> Void = { _ in }
    ) throws {
        inbox = try InboxServer()
        spoolDirectory = NSTemporaryDirectory() + "sentry-spool-\(UUID().uuidString)"
        var configuration = TransportConfiguration(dsn: try Dsn(inbox.dsn))
        configuration.queueCapacity = queueCapacity
        configuration.requestTimeout = requestTimeout
        configuration.connectTimeout = .seconds(2)
        configuration.initialBackoff = .milliseconds(100)
        configuration.maxBackoff = .milliseconds(400)
        configuration.spoolDirectory = spool ? spoolDirectory : nil
        configure(&configuration)
        transport = CurlTransport(configuration: configuration)
    }

    func tearDown() {
        _ = transport.close(timeout: .seconds(2))
        inbox.stop()
        try? FileManager.default.removeItem(atPath: spoolDirectory)
    }

    /// Files waiting in the spool.
    var spooledFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spoolDirectory)) ?? []).filter { $0.hasSuffix(".envelope") }
    }
}

func errorEnvelope(_ message: String = "boom") -> Envelope {
    Envelope(event: Event(level: .error, message: .init(formatted: message)))
}

func transactionEnvelope(spans: Int = 2) -> Envelope {
    var event = Event()
    event.kind = .transaction
    event.transaction = "GET /t"
    event.startTimestamp = .now()
    event.spans = (0..<spans).map { _ in SpanRecord(traceId: SentryId(), spanId: SpanId(), op: "db", startTimestamp: .now()) }
    return Envelope(event: event)
}

/// The messages of the error events an inbox received, in order.
func receivedMessages(_ inbox: InboxServer) -> [String] {
    inbox.received().flatMap(\.items).filter { $0.header.type == .event }.compactMap {
        (try? JSONValue.parse($0.payload))?["logentry"]?["formatted"]?.stringValue
    }
}

/// The client-report totals an inbox received, keyed `reason:category`.
func receivedDiscards(_ inbox: InboxServer) -> [String: Int] { inbox.discardedTotals() }

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
