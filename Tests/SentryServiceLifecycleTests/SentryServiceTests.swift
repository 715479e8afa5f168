#if ServiceLifecycle
import Logging
import SentryCore
import SentryServiceLifecycle
import ServiceLifecycle
import Testing

/// A hub that records when it is flushed (the service's effect), bound to this test's task only.
final class FlushRecordingHub: Hub {
    let flushes = Locked<[Duration]>([])
    var options: Options {
        var options = Options()
        options.shutdownTimeout = .milliseconds(750)
        return options
    }
    func flush(timeout: Duration) -> Bool {
        flushes.withLock { $0.append(timeout) }
        return true
    }
}

/// A service that runs until graceful shutdown, like an HTTP server.
struct ServerLike: Service {
    func run() async throws { try? await gracefulShutdown() }
}

@Suite struct SentryServiceTests {
    @Test func gracefulShutdownFlushesWithinShutdownTimeout() async throws {
        let hub = FlushRecordingHub()
        let started = Locked(false)
        try await SentrySDK.withHub(hub) {
            let group = ServiceGroup(
                services: [ServerLike(), SentryService(start: { started.withLock { $0 = true } })],
                gracefulShutdownSignals: [], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await Task.sleep(for: .milliseconds(100))
                #expect(hub.flushes.withLock { $0 }.isEmpty)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
        #expect(started.withLock { $0 })
        #expect(hub.flushes.withLock { $0 } == [.milliseconds(750)])
    }

    @Test func cancellationAlsoFlushes() async throws {
        let hub = FlushRecordingHub()
        await SentrySDK.withHub(hub) {
            let task = Task { try await SentryService(shutdownTimeout: .milliseconds(10)).run() }
            try? await Task.sleep(for: .milliseconds(50))
            task.cancel()
            _ = await task.result
        }
        #expect(hub.flushes.withLock { $0 } == [.milliseconds(10)])
    }
}
#endif
