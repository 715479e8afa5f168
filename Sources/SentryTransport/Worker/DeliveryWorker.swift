import SentryCore

/// Everything the transport's worker thread owns: the transfers in flight, rate limits, back-off
/// and the spool.
///
/// Up to ``TransportConfiguration/maxRequestsInFlight`` envelopes are posted at once (libcurl's
/// multi interface, still on the one worker thread), so preparing the next envelope overlaps the
/// round trips of those in flight. Two orders still hold: an envelope with a `session` update
/// waits while another such envelope is in flight (a session's updates arrive in order), and at
/// most one spooled envelope is in flight.
///
/// `@unchecked Sendable`: it is handed to the worker thread once, at start, and from then on
/// touched only by that thread (thread confinement instead of a lock). The exceptions,
/// ``abort()`` and ``wakeup()``, only set an atomic flag and wake libcurl's poll.
final class DeliveryWorker: @unchecked Sendable {
    private let configuration: TransportConfiguration
    private let recorder: ClientReportRecorder
    private let transfers: CurlMulti<InFlight>
    private let spool: DiskSpool?
    private var rateLimits = RateLimits()
    private var backoff: Double
    private var backoffUntil: Double = 0
    private var spoolPending: Bool
    private let compressor: GzipCompressor?

    init(configuration: TransportConfiguration, recorder: ClientReportRecorder) {
        self.configuration = configuration
        self.recorder = recorder
        backoff = configuration.initialBackoff.seconds
        compressor = configuration.compressionLevel > 0 ? GzipCompressor(level: configuration.compressionLevel) : nil
        transfers = CurlMulti(
            settings: CurlSettings(
                connectTimeout: configuration.connectTimeout, totalTimeout: configuration.requestTimeout,
                caCertsPath: configuration.caCertsPath, proxy: configuration.proxy, noProxy: configuration.noProxy,
                userAgent: configuration.sdk.clientName),
            capacity: configuration.maxRequestsInFlight)
        spool = configuration.spoolDirectory.flatMap {
            DiskSpool(
                directory: $0, maxEnvelopes: configuration.spoolMaxEnvelopes, maxBytes: configuration.spoolMaxBytes,
                recorder: recorder, diagnostics: configuration.diagnostics)
        }
        spoolPending = (spool?.count ?? 0) > 0  // resend what an earlier run left behind
    }

    /// When the worker should next look at the spool without being woken: once both the back-off
    /// and an all-category rate limit are over; `nil` when nothing waits on disk.
    var nextSpoolAttempt: Double? { spoolPending ? max(backoffUntil, rateLimits.everythingLimitedUntil) : nil }

    /// Whether a spooled envelope may be sent now.
    func spoolIsReady(now: Double) -> Bool {
        spoolPending && now >= backoffUntil && !rateLimits.isEverythingLimited(now: now)
    }

    /// Whether envelopes (may) wait on disk.
    var hasSpooled: Bool { spoolPending }

    /// When the last rate limit of any category ends (in the past when none is active).
    var rateLimitedUntil: Double { rateLimits.anythingLimitedUntil }

    /// How many deliveries failed for want of a server (the envelope spooled, or lost and counted);
    /// `flush` compares it to say whether everything was delivered.
    private(set) var failures = 0

    /// Cuts the requests in flight short (shutdown); see ``CurlMulti/abort()``. Any thread.
    func abort() { transfers.abort() }

    /// Ends ``waitForTransfers(milliseconds:)`` early (a new envelope may start). Any thread.
    func wakeup() { transfers.wakeup() }

    /// Whether another transfer may start.
    var hasRoom: Bool { transfers.hasRoom }

    /// How many envelopes are being posted.
    var transfersInFlight: Int { transfers.inFlight }

    /// Whether `envelope` may start now: there is room for another transfer, and it carries no
    /// session update while another envelope with one is in flight.
    func mayStart(_ envelope: Envelope) -> Bool {
        guard transfers.hasRoom else { return false }
        guard transfers.contains(where: \.carriesSession) else { return true }
        return !envelope.items.contains { $0.header.type == .session }
    }

    /// Whether a spooled envelope may start now (room, and no other spooled one in flight).
    var mayStartSpooled: Bool { transfers.hasRoom && !transfers.contains { $0.claim != nil } }

    /// Waits up to `milliseconds` for the transfers in flight (or a ``wakeup()``) and handles
    /// those that ended.
    func waitForTransfers(milliseconds: Int) {
        transfers.wait(milliseconds: milliseconds)
        completeEnded()
    }

    /// Delivers a freshly queued envelope (or spools it while the server is unreachable).
    func deliver(_ envelope: Envelope) {
        if MonotonicClock.now() < backoffUntil {
            keep(envelope, reason: .networkError)
            return
        }
        send(envelope, spooledAt: nil)
    }

    /// Sends the oldest spooled envelope.
    func deliverOldestSpooled() {
        guard let spool, let (claim, envelope) = spool.claimOldest() else {
            spoolPending = false
            return
        }
        send(envelope, spooledAt: claim)
    }

    /// On shutdown (after ``abort()``): lets the transfers in flight end (aborted ones are kept),
    /// then keeps what is still queued on disk (or counts it as lost).
    func shutdown(keeping remaining: [Envelope]) {
        while transfers.inFlight > 0 { waitForTransfers(milliseconds: 100) }
        for envelope in remaining { keep(envelope, reason: .networkError) }
    }

    /// Spools an envelope that cannot be sent now; counts it once, as `reason`, when even that fails.
    private func keep(_ envelope: Envelope, reason: DiscardReason) {
        failures &+= 1
        if let spool, spool.store(envelope) {
            spoolPending = true
        } else {
            recorder.discard(envelope, reason: reason)
        }
    }

    private func send(_ original: Envelope, spooledAt path: DiskSpool.Claim?) {
        let now = MonotonicClock.now()
        var envelope = original
        envelope.items = original.items.filter { item in
            guard rateLimits.isLimited(item, now: now) else { return true }
            if item.header.type == .clientReport {
                recorder.restore(item: item)  // reported later, once the limit is over
            } else {
                recorder.recordDiscard(.ratelimitBackoff, item: item)
            }
            return false
        }
        guard envelope.items.contains(where: { $0.header.type != .clientReport }) || original.items.allSatisfy({ $0.header.type == .clientReport }),
            !envelope.items.isEmpty
        else {
            if let path { spool?.remove(path) }
            return
        }
        if path == nil, configuration.sendClientReports, !envelope.items.contains(where: { $0.header.type == .clientReport }),
            let report = recorder.takeReport()
        {
            envelope.items.append(EnvelopeItem(clientReport: report))
        }

        var wire = envelope
        wire.header.sentAt = .now()
        let serialized = wire.serialize()
        let compressed = compressor?.compress(serialized)
        let transfer = InFlight(
            envelope: envelope, claim: path, carriesSession: envelope.items.contains { $0.header.type == .session })
        if let failed = transfers.start(
            transfer, url: configuration.dsn.envelopeURL, headers: configuration.headers(compressed: compressed != nil),
            body: compressed ?? serialized)
        {
            complete(transfer, outcome: failed)
            return
        }
        completeEnded()  // starts sending, and finishes what ended meanwhile
    }

    /// An envelope being posted, and where it came from.
    private struct InFlight {
        var envelope: Envelope
        var claim: DiskSpool.Claim?
        var carriesSession: Bool
    }

    private func completeEnded() {
        for (transfer, outcome) in transfers.perform() { complete(transfer, outcome: outcome) }
    }

    /// Applies a transfer's outcome: rate limits, back-off, the spool, client reports.
    private func complete(_ transfer: InFlight, outcome: HTTPOutcome) {
        let envelope = transfer.envelope
        let path = transfer.claim
        if outcome.aborted {  // shutdown: keep it for the next run
            if let path { spool?.release(path) } else { keep(envelope, reason: .networkError) }
            return
        }
        rateLimits.update(
            status: outcome.status, rateLimitsHeader: outcome.rateLimits, retryAfterHeader: outcome.retryAfter,
            now: MonotonicClock.now())

        switch outcome.status {
        case 200..<300:
            backoff = configuration.initialBackoff.seconds
            backoffUntil = 0
            if let path { spool?.remove(path) }
            if path == nil, !spoolPending, let spool, spool.count > 0 { spoolPending = true }
        case 0:
            retryLater(envelope, spooledAt: path, reason: outcome.networkError ?? "no response")
        case 500..<600 where path == nil:
            // One more try from the spool; a spooled envelope that fails again is dropped below.
            retryLater(envelope, spooledAt: path, reason: "HTTP \(outcome.status)")
        case 429:
            // The server counts what it refused, but not the totals a client report carried.
            configuration.diagnostics.log(.info, "rate limited by the server; envelope dropped")
            for item in envelope.items where item.header.type == .clientReport { recorder.restore(item: item) }
            if let path { spool?.remove(path) }
        case 413:
            let body = String(decoding: outcome.body.prefix(512), as: UTF8.self)
            configuration.diagnostics.log(.error, "envelope too large (413), dropped: \(body)")
            recorder.discard(envelope, reason: .sendError)
            if let path { spool?.remove(path) }
        default:
            configuration.diagnostics.log(.error, "server refused the envelope (HTTP \(outcome.status)); dropped")
            recorder.discard(envelope, reason: .sendError)
            if let path { spool?.remove(path) }
        }
    }

    /// The server is unreachable: back off, and keep the envelope on disk for later.
    private func retryLater(_ envelope: Envelope, spooledAt path: DiskSpool.Claim?, reason: String) {
        let now = MonotonicClock.now()
        // Transfers that were already in flight when the first one failed do not back off again.
        if now >= backoffUntil {
            configuration.diagnostics.log(.warning, "delivery failed (\(reason)); next attempt in \(backoff) s")
            backoffUntil = now + backoff
            backoff = min(backoff * 2, configuration.maxBackoff.seconds)
        }
        failures &+= 1
        if let path {
            spool?.release(path)  // still on disk, for the next attempt
        } else {
            keep(envelope, reason: .networkError)
        }
    }
}
