extension SentrySDK {
    /// Sends a cron monitor check-in for `monitorSlug`; returns its id, to close an
    /// `.inProgress` check-in later with the same id. `monitorConfig` creates or updates the monitor.
    @discardableResult
    public static func captureCheckIn(
        monitorSlug: String, status: CheckIn.Status, checkInId: SentryId? = nil, duration: Double? = nil,
        monitorConfig: CheckIn.MonitorConfig? = nil
    ) -> SentryId {
        guard !isOff, let hub else { return .empty }
        return hub.capture(checkIn: CheckIn(
            checkInId: checkInId ?? SentryId(), monitorSlug: monitorSlug, status: status, duration: duration,
            monitorConfig: monitorConfig))
    }

    /// Runs a scheduled job as a monitored check-in: `in_progress` before, then `ok` with the
    /// duration, or `error` when `body` throws (the error is rethrown).
    @discardableResult
    public static func withMonitor<Result>(
        _ monitorSlug: String, monitorConfig: CheckIn.MonitorConfig? = nil, _ body: () throws -> Result
    ) rethrows -> Result {
        let id = captureCheckIn(monitorSlug: monitorSlug, status: .inProgress, monitorConfig: monitorConfig)
        let start = ContinuousClock.now
        do {
            let result = try body()
            captureCheckIn(monitorSlug: monitorSlug, status: .ok, checkInId: id, duration: (ContinuousClock.now - start).seconds)
            return result
        } catch {
            captureCheckIn(monitorSlug: monitorSlug, status: .error, checkInId: id, duration: (ContinuousClock.now - start).seconds)
            throw error
        }
    }

    /// Runs an async scheduled job as a monitored check-in (see the synchronous variant).
    @discardableResult
    public static func withMonitor<Result>(
        _ monitorSlug: String, monitorConfig: CheckIn.MonitorConfig? = nil, isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async rethrows -> Result {
        let id = captureCheckIn(monitorSlug: monitorSlug, status: .inProgress, monitorConfig: monitorConfig)
        let start = ContinuousClock.now
        do {
            let result = try await body()
            captureCheckIn(monitorSlug: monitorSlug, status: .ok, checkInId: id, duration: (ContinuousClock.now - start).seconds)
            return result
        } catch {
            captureCheckIn(monitorSlug: monitorSlug, status: .error, checkInId: id, duration: (ContinuousClock.now - start).seconds)
            throw error
        }
    }
}
