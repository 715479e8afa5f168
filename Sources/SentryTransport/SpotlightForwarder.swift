import SentryCore

/// Posts a copy of every envelope to a Spotlight sidecar, on its own thread, uncompressed and
/// without auth. Never blocks or disturbs delivery to Sentry: a full queue or an unreachable
/// sidecar just skips envelopes (with back-off from 1 s to 60 s).
final class SpotlightForwarder: @unchecked Sendable {
    // `@unchecked Sendable`: `queue` and `closed` are touched only while holding `lock`.
    private let url: String
    private let diagnostics: Diagnostics
    private let lock = ConditionLock()
    private var queue: [Envelope] = []
    private var closed = false
    private static let capacity = 100

    init(url: String, diagnostics: Diagnostics) {
        self.url = url
        self.diagnostics = diagnostics
        BackgroundThread.start { [self] in run() }
    }

    func forward(_ envelope: Envelope) {
        lock.withLock {
            guard !closed, queue.count < Self.capacity else { return }
            queue.append(envelope)
            lock.broadcast()
        }
    }

    func close() {
        lock.withLock {
            closed = true
            lock.broadcast()
        }
    }

    private func run() {
        let session = CurlSession(settings: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(5), userAgent: SdkInfo().clientName))
        var backoff = 1.0
        var backoffUntil = 0.0
        while true {
            let next: Envelope? = lock.withLock {
                while queue.isEmpty && !closed { lock.wait(until: nil) }
                return closed ? nil : queue.removeFirst()
            }
            guard let envelope = next else { return }
            guard MonotonicClock.now() >= backoffUntil else { continue }  // skipped while unreachable
            var wire = envelope
            wire.header.sentAt = .now()
            let outcome = session.post(url: url, headers: ["Content-Type: application/x-sentry-envelope"], body: wire.serialize())
            if (200..<300).contains(outcome.status) {
                backoff = 1
            } else {
                if backoff == 1 {
                    diagnostics.log(.warning, "Spotlight at \(url) unreachable (\(outcome.networkError ?? "HTTP \(outcome.status)"))")
                }
                backoffUntil = MonotonicClock.now() + backoff
                backoff = min(backoff * 2, 60)
            }
        }
    }
}
