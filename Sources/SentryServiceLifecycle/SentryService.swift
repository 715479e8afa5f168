#if ServiceLifecycle
internal import Dispatch
package import SentryCore
public import ServiceLifecycle

/// A swift-service-lifecycle `Service` for the SDK: add it to your `ServiceGroup` and, on
/// graceful shutdown (SIGTERM or SIGINT through the group) or cancellation, it flushes what is
/// queued and closes the SDK within `shutdownTimeout`.
///
/// ```swift
/// let group = ServiceGroup(services: [app, SentryService()], gracefulShutdownSignals: [.sigterm], logger: logger)
/// ```
public struct SentryService: Service {
    private let start: (@Sendable () -> Void)?
    private let timeout: Duration?

    /// Creates the service. `start` (for example `{ SentrySDK.start { … } }`) runs when the
    /// group starts the service, so the SDK's background work begins with the other services;
    /// without it the SDK is expected to be started already. `timeout` defaults to the
    /// options' `shutdownTimeout`.
    public init(shutdownTimeout timeout: Duration? = nil, start: (@Sendable () -> Void)? = nil) {
        self.start = start
        self.timeout = timeout
    }

    /// Waits for graceful shutdown or cancellation, then flushes and closes the SDK.
    public func run() async throws {
        start?()
        // Returns on graceful shutdown; throws CancellationError when the group is cancelled.
        try? await gracefulShutdown()
        let timeout = timeout ?? SentrySDK.options?.shutdownTimeout ?? .seconds(2)
        let hub = SentrySDK.currentHub
        // Flushing blocks up to `timeout`: do it on a thread of its own, not the cooperative pool.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                _ = hub?.flush(timeout: timeout)
                SentrySDK.close(timeout: timeout)  // uninstalls and closes the started SDK
                done.resume()
            }
        }
    }
}
#endif
