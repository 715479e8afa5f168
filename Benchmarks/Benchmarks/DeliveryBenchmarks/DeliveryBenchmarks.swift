// Sustained delivery: ~2 KB error envelopes from CurlTransport to the local inbox over loopback,
// keep-alive on. Timed from the first send until `flush` returned true and the inbox holds every
// envelope (target ≥ 7,000 envelopes/s with gzip on). The envelopes are built before the clock
// starts (event encoding is the caller's cost, measured by SerializationBenchmarks); the worker's
// per-envelope work (sent_at, serialize, gzip, post, parse the answer) and the inbox's (read,
// gunzip, parse, store) are inside, on the same two cores.

import Benchmark
import BenchmarkSupport
import CurlReference
#if canImport(Glibc)
import Glibc
#endif
import SentryCore
import SentryInbox
import SentryTransport

let envelopesPerSecond = BenchmarkMetric.custom("envelopes/s", polarity: .prefersLarger, useScalingFactor: false)
let connections = BenchmarkMetric.custom("TCP connections opened", polarity: .prefersSmaller, useScalingFactor: false)

/// Where the envelopes go: the real local inbox, or the minimal sink (reference rows).
enum Sink {
    case inbox(InboxServer)
    case minimal(MinimalSink)

    var dsn: String {
        switch self {
        case .inbox(let inbox): inbox.dsn
        case .minimal(let sink): sink.dsn
        }
    }

    var connectionCount: Int {
        switch self {
        case .inbox(let inbox): inbox.connectionCount
        case .minimal(let sink): sink.connectionCount
        }
    }

    /// Forgets what was received; returns the baseline to count from.
    func reset() -> Int {
        switch self {
        case .inbox(let inbox):
            inbox.removeAllReceived()
            return 0
        case .minimal(let sink):
            return sink.requestCount
        }
    }

    /// Waits until `count` more envelopes than `baseline` arrived; returns how many did.
    func waitForEnvelopes(_ count: Int, after baseline: Int) -> Int {
        switch self {
        case .inbox(let inbox): inbox.waitForEnvelopes(count: count, timeout: .seconds(60)).count
        case .minimal(let sink): sink.waitForRequests(baseline + count, timeout: 60) - baseline
        }
    }

    func stop() {
        switch self {
        case .inbox(let inbox): inbox.stop()
        case .minimal(let sink): sink.stop()
        }
    }
}

final class DeliveryRig: @unchecked Sendable {
    let sink: Sink
    let transport: CurlTransport
    let envelopes: [Envelope]

    init(count: Int, compressionLevel: Int, minimalSink: Bool, event: () -> Event) throws {
        sink = minimalSink ? .minimal(MinimalSink()) : .inbox(try InboxServer())
        var configuration = TransportConfiguration(dsn: try Dsn(sink.dsn))
        configuration.queueCapacity = count + 10
        configuration.compressionLevel = compressionLevel
        configuration.sendClientReports = false
        transport = CurlTransport(configuration: configuration)
        envelopes = (0..<count).map { _ in Envelope(event: event()) }
        let baseline = sink.reset()
        transport.send(envelopes[0])  // connect before the clock starts
        _ = transport.flush(timeout: .seconds(10))
        _ = sink.waitForEnvelopes(1, after: baseline)
    }

    func tearDown() {
        _ = transport.close(timeout: .seconds(5))
        sink.stop()
    }
}

let benchmarks: @Sendable () -> Void = {
    let count = 3_000
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, envelopesPerSecond, connections, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(4),
        maxIterations: 8)

    for (level, event, label, minimal) in [
        (6, Fixtures.smallErrorEvent as () -> Event, "2 KB, gzip 6", false),
        (0, Fixtures.smallErrorEvent as () -> Event, "2 KB, uncompressed", false),
        (6, Fixtures.largeErrorEvent as () -> Event, "10 KB, gzip 6", false),
        (6, Fixtures.smallErrorEvent as () -> Event, "2 KB, gzip 6", true),
        (1, Fixtures.smallErrorEvent as () -> Event, "2 KB, gzip 1", true),
        (0, Fixtures.smallErrorEvent as () -> Event, "2 KB, uncompressed", true),
    ] {
        let rig = Box<DeliveryRig>()
        let name = minimal
            ? "reference, minimal sink: deliver \(count) envelopes (\(label), keep-alive)"
            : "Deliver \(count) envelopes to the inbox (\(label), keep-alive)"
        Benchmark(name, configuration: configuration) { benchmark in
            let rig = rig.value!
            let baseline = rig.sink.reset()
            let connectionsBefore = rig.sink.connectionCount
            benchmark.startMeasurement()
            let start = Measure.nanoseconds()
            for envelope in rig.envelopes { rig.transport.send(envelope) }
            let flushed = rig.transport.flush(timeout: .seconds(60))
            let received = rig.sink.waitForEnvelopes(count, after: baseline)
            let elapsed = Measure.nanoseconds() - start
            benchmark.stopMeasurement()
            benchmark.measurement(envelopesPerSecond, Measure.perSecond(count, nanoseconds: elapsed))
            benchmark.measurement(connections, rig.sink.connectionCount - connectionsBefore)
            if !flushed || received != count {
                benchmark.error("flush returned \(flushed); the sink received \(received) of \(count)")
            }
        } setup: {
            rig.value = try DeliveryRig(count: count, compressionLevel: level, minimalSink: minimal, event: event)
        } teardown: {
            rig.value?.tearDown()
            rig.value = nil
        }
    }

    // The reference of issue 17's item 5: a bare libcurl keep-alive loop (one handle, one request
    // at a time, C, no SDK code) posting the same bodies, serialized and compressed before the
    // clock starts, with the SDK's headers, to the same minimal sink.
    for (level, label) in [(6, "2 KB, gzip 6"), (0, "2 KB, uncompressed")] {
        let sink = Box<MinimalSink>()
        let posts = Box<PreparedPosts>()
        Benchmark(
            "reference, bare libcurl loop: post \(count) envelopes to the minimal sink (\(label), keep-alive)",
            configuration: configuration
        ) { benchmark in
            let sink = sink.value!, posts = posts.value!
            let connectionsBefore = sink.connectionCount
            benchmark.startMeasurement()
            let start = Measure.nanoseconds()
            let answered = posts.post()
            let elapsed = Measure.nanoseconds() - start
            benchmark.stopMeasurement()
            benchmark.measurement(envelopesPerSecond, Measure.perSecond(count, nanoseconds: elapsed))
            benchmark.measurement(connections, sink.connectionCount - connectionsBefore)
            if answered != count { benchmark.error("the sink answered \(answered) of \(count)") }
        } setup: {
            let minimal = MinimalSink()
            sink.value = minimal
            let bodies = (0..<count).map { _ in
                let body = Envelope(event: Fixtures.smallErrorEvent()).serialize()
                return level > 0 ? Gzip.compress(body, level: level)! : body
            }
            let dsn = try Dsn(minimal.dsn)
            var headers = [
                "Content-Type: application/x-sentry-envelope",
                "X-Sentry-Auth: \(dsn.authHeader(client: "sentry.swift.bench/1.0"))",
            ]
            if level > 0 { headers.append("Content-Encoding: gzip") }
            posts.value = PreparedPosts(url: dsn.envelopeURL, headers: headers, bodies: bodies)
        } teardown: {
            posts.value = nil
            sink.value?.stop()
            sink.value = nil
        }
    }
}

/// The bare loop's input as C wants it, copied once before the clock starts.
final class PreparedPosts {
    private let url: UnsafeMutablePointer<CChar>
    private let headers: [UnsafePointer<CChar>?]
    private let bodies: [UnsafePointer<UInt8>?]
    private let lengths: [Int]

    init(url: String, headers: [String], bodies: [[UInt8]]) {
        self.url = strdup(url)
        self.headers = headers.map { UnsafePointer(strdup($0)) }
        self.bodies = bodies.map { body in
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(body.count, 1))
            copy.initialize(from: body, count: body.count)
            return UnsafePointer(copy)
        }
        lengths = bodies.map(\.count)
    }

    /// Posts every body in order; returns how many were answered 200.
    func post() -> Int {
        sentry_bench_curl_post_all(url, headers, headers.count, bodies, lengths, bodies.count)
    }

    deinit {
        free(url)
        headers.forEach { free(UnsafeMutablePointer(mutating: $0)) }
        bodies.forEach { $0?.deallocate() }
    }
}
