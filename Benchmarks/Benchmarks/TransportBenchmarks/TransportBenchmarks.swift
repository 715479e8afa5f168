// CurlTransport.send: what the calling thread pays to hand an envelope over (target ≤ 1 µs).
// The transport posts to a live local inbox on loopback meanwhile, so the worker thread and the
// inbox's threads compete with the caller for the machine's cores, as they would in a service.
// The queue is large enough never to overflow here; a second row measures the drop path.

import Benchmark
import BenchmarkSupport
import SentryCore
import SentryInbox
import SentryTransport

final class Rig: @unchecked Sendable {
    let inbox: InboxServer
    let transport: CurlTransport
    let envelope = Envelope(event: Fixtures.smallErrorEvent())

    init(queueCapacity: Int, fault: InboxFault? = nil) throws {
        inbox = try InboxServer()
        var configuration = TransportConfiguration(dsn: try Dsn(inbox.dsn))
        configuration.queueCapacity = queueCapacity
        configuration.sendClientReports = false  // the recorder is read by the benchmark instead
        transport = CurlTransport(configuration: configuration)
        // Open the keep-alive connection before measuring.
        transport.send(envelope)
        _ = transport.flush(timeout: .seconds(10))
        if let fault {
            inbox.setFault(fault)
            transport.send(envelope)  // the worker now waits on the slow answer: the queue stays put
            while transport.queuedCount > 0 { Measure.sleep(milliseconds: 1) }
            for _ in 0..<queueCapacity { transport.send(envelope) }
        }
    }

    func dropped(_ reason: DiscardReason) -> Int {
        transport.recorder.takeReport()?.discardedEvents.filter { $0.reason == reason }.reduce(0) { $0 + $1.quantity } ?? 0
    }

    func tearDown() {
        inbox.stop()
        _ = transport.close(timeout: .milliseconds(200))
        inbox.removeAllReceived()
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .contextSwitches],
        timeUnits: .nanoseconds,
        warmupIterations: 2,
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 200)  // at most 200k envelopes: far below the queue's capacity

    let accepting = Box<Rig>()
    Benchmark("CurlTransport.send (2 KB event, live inbox, queue growing)", configuration: configuration) { benchmark in
        let rig = accepting.value!
        for _ in benchmark.scaledIterations {
            rig.transport.send(rig.envelope)
        }
        benchmark.stopMeasurement()
        let overflowed = rig.dropped(.queueOverflow)
        if overflowed > 0 { benchmark.error("queue overflowed (\(overflowed) dropped): the figure is not the enqueue path") }
    } setup: {
        accepting.value = try Rig(queueCapacity: 1_000_000)
    } teardown: {
        accepting.value?.tearDown()
        accepting.value = nil
    }

    // The same with the worker catching up between batches: the queue never holds more than one batch.
    let drained = Box<Rig>()
    Benchmark("CurlTransport.send (2 KB event, live inbox, queue drained between batches of 1000)",
              configuration: .init(metrics: configuration.metrics, timeUnits: .nanoseconds, warmupIterations: 1,
                                   scalingFactor: .kilo, maxDuration: .seconds(2), maxIterations: 12)) { benchmark in
        let rig = drained.value!
        for _ in benchmark.scaledIterations {
            rig.transport.send(rig.envelope)
        }
        benchmark.stopMeasurement()
        _ = rig.transport.flush(timeout: .seconds(30))
        rig.inbox.removeAllReceived()
        let overflowed = rig.dropped(.queueOverflow)
        if overflowed > 0 { benchmark.error("queue overflowed (\(overflowed) dropped)") }
    } setup: {
        drained.value = try Rig(queueCapacity: 1_000_000)
    } teardown: {
        drained.value?.tearDown()
        drained.value = nil
    }

    let full = Box<Rig>()
    Benchmark("CurlTransport.send to a full queue (drop + count)", configuration: configuration) { benchmark in
        let rig = full.value!
        for _ in benchmark.scaledIterations {
            rig.transport.send(rig.envelope)
        }
        benchmark.stopMeasurement()
        let overflowed = rig.dropped(.queueOverflow)
        if overflowed < benchmark.scaledIterations.count {
            benchmark.error("only \(overflowed) of \(benchmark.scaledIterations.count) sends were dropped")
        }
    } setup: {
        full.value = try Rig(queueCapacity: 100, fault: .delay(.seconds(120)))
    } teardown: {
        full.value?.tearDown()
        full.value = nil
    }
}
