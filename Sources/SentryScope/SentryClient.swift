package import SentryCore

/// The event pipeline: turns captured data into envelopes for the transport.
///
/// Order (the client spec's): ignore rules → scopes and event processors → `beforeSend` →
/// `sampleRate` → de-duplication → scrubbing → truncation → envelope → transport. Every drop is
/// recorded for client reports.
package final class SentryClient: EnvelopeSink, TransactionSink {
    /// The options the client was started with (environment applied).
    package let options: Options
    /// The parsed DSN, `nil` when the SDK only feeds a custom transport or Spotlight.
    package let dsn: Dsn?
    /// Where envelopes go.
    package let transport: any Transport
    /// Where drops are counted.
    package let recorder: any DiscardRecorder
    /// The SDK info sent with every event.
    package let sdk: SdkInfo
    private let integrationProcessors: [PipelineProcessor]
    /// Scrubs events here, and log and metric attributes in the hub.
    let scrubber: EventScrubber
    private let truncation: EventTruncation
    private let deduplication = Deduplication()
    /// The application-mode session (a CLI run), one per SDK: errors count against it.
    package let applicationSession = Locked<SessionHandle?>(nil)

    /// Creates a client. `integrations` are the names listed in `sdk.integrations`.
    package init(
        options: Options, dsn: Dsn?, transport: any Transport, recorder: any DiscardRecorder,
        integrationNames: [String] = [], eventProcessors: [any EventProcessor] = []
    ) {
        self.options = options
        self.dsn = dsn
        self.transport = transport
        self.recorder = recorder
        self.sdk = SdkInfo(integrations: integrationNames)
        integrationProcessors = eventProcessors.map(PipelineProcessor.init)
        scrubber = EventScrubber(sendDefaultPii: options.sendDefaultPii, extraKeys: options.extraScrubbedKeys)
        truncation = EventTruncation(maxValueLength: options.maxValueLength)
    }

    /// Runs `event` through the pipeline with `scopes` (global, isolation, current) and sends it.
    /// Returns the event id, or ``SentryId/empty`` when it was dropped.
    @discardableResult
    package func capture(_ event: consuming Event, hint: CaptureHint = .none, scopes: [Scope], error: (any Error)? = nil) -> SentryId {
        var event = event
        let category: DataCategory = event.isTransaction ? .transaction : event.isFeedback ? .feedback : .error
        func drop(_ reason: DiscardReason, _ why: @autoclosure () -> String) -> SentryId {
            recorder.recordDiscard(reason, category: category, quantity: 1)
            if event.isTransaction { recorder.recordDiscard(reason, category: .span, quantity: event.spans.count + 1) }
            options.diagnostics.log(.debug, "event \(event.eventId) dropped: \(why())")
            return .empty
        }

        if category == .error, isIgnored(event) { return drop(.eventProcessor, "matched ignoreErrors") }

        applyDefaults(to: &event)
        var scopes = scopes
        if let configure = hint.scope, !scopes.isEmpty { configure(&scopes[scopes.count - 1]) }
        let scopeProcessors = ScopeApplication.apply(scopes, to: &event)
        for processor in scopeProcessors {
            guard let processed = processor.process(event, hint: hint) else {
                return drop(.eventProcessor, "an event processor returned nil")
            }
            event = processed
        }
        for processor in integrationProcessors where !processor.run(&event, hint: hint) {
            return drop(.eventProcessor, "an event processor returned nil")
        }

        if event.isTransaction {
            if let hook = options.beforeSendTransaction {
                guard let changed = hook(event) else { return drop(.beforeSend, "beforeSendTransaction returned nil") }
                event = changed
            }
            if let hook = options.beforeSendSpan {
                let before = event.spans.count
                event.spans = event.spans.compactMap(hook)
                if event.spans.count < before {
                    recorder.recordDiscard(.beforeSend, category: .span, quantity: before - event.spans.count)
                }
            }
        } else if event.isFeedback {
            // Feedback is what a user chose to send: never sampled, de-duplicated or counted as an error.
        } else {
            if let hook = options.beforeSend {
                guard let changed = hook(event) else { return drop(.beforeSend, "beforeSend returned nil") }
                event = changed
            }
            if let hook = options.beforeSendWithHint {
                let eventHint = EventHint(error: error, attachments: scopes.flatMap(\.attachments) + hint.attachments)
                guard let changed = hook(event, eventHint) else { return drop(.beforeSend, "beforeSendWithHint returned nil") }
                event = changed
            }
            updateSessions(for: event, scopes: scopes)
            if options.sampleRate < 1, FastRandom.unit() >= options.sampleRate {
                return drop(.sampleRate, "not sampled (sampleRate \(options.sampleRate))")
            }
            if let error, deduplication.isDuplicate(error, thrown: event.exceptions.last) {
                return drop(.eventProcessor, "the same error was captured just before")
            }
        }

        scrubber.scrub(&event)
        truncation.apply(&event)

        let attachments = (scopes.flatMap(\.attachments) + hint.attachments).filter { attachment in
            guard attachment.bytes.count <= options.maxAttachmentSize else {
                recorder.recordDiscard(.sendError, category: .attachment, quantity: attachment.bytes.count)
                options.diagnostics.log(.warning, "attachment \(attachment.filename) is over maxAttachmentSize; dropped")
                return false
            }
            return true
        }
        let trace = dynamicSamplingContext(scopes: scopes, hint: hint)
        var envelope = Envelope(event: event, attachments: event.isTransaction ? [] : attachments, trace: trace)
        envelope.header.sdk = sdk
        transport.send(envelope)
        return event.eventId
    }

    /// Sends an already-built envelope (sessions, check-ins, telemetry batches).
    package func send(_ envelope: Envelope) { transport.send(envelope) }

    /// Sends a finished transaction through the pipeline with the SDK's scopes.
    package func capture(transaction: Event, trace: DynamicSamplingContext?) {
        capture(transaction, hint: CaptureHint(trace: trace), scopes: Scopes.all)
    }

    /// Waits for the transport to drain.
    package func flush(timeout: Duration) -> Bool { transport.flush(timeout: timeout) }

    /// Flushes and stops the transport.
    package func close(timeout: Duration) -> Bool { transport.close(timeout: timeout) }

    /// Release health: an error event (not a message) marks the request session errored and
    /// counts against the application session; an unhandled one marks them crashed.
    private func updateSessions(for event: Event, scopes: [Scope]) {
        guard !event.exceptions.isEmpty, (event.level ?? .error) >= .error else { return }
        let crashed = event.exceptions.contains { $0.mechanism?.handled == false }
        if let request = scopes.last(where: { $0.requestSession != nil })?.requestSession {
            crashed ? request.markCrashed() : request.markErrored()
        }
        applicationSession.withLock { $0 }?.recordError(crashed: crashed)
    }

    private func applyDefaults(to event: inout Event) {
        if event.release == nil { event.release = options.release }
        if event.environment == nil { event.environment = options.environment ?? "production" }
        if event.dist == nil { event.dist = options.dist }
        if event.serverName == nil { event.serverName = options.serverName }
        if event.sdk == nil { event.sdk = sdk }
        if event.level == nil, !event.isTransaction { event.level = event.exceptions.isEmpty ? .info : .error }
        if event.kind == nil, !event.exceptions.isEmpty { event.kind = .error }
    }

    private func isIgnored(_ event: Event) -> Bool {
        guard !options.ignoreErrors.isEmpty else { return false }
        let candidates = event.exceptions.flatMap { [$0.type, $0.value] }.compactMap { $0 } + [event.message?.formatted].compactMap { $0 }
        return options.ignoreErrors.contains { pattern in
            candidates.contains { $0 == pattern || $0.hasSuffix("." + pattern) || $0.hasPrefix(pattern) }
        }
    }

    private func dynamicSamplingContext(scopes: [Scope], hint: CaptureHint) -> DynamicSamplingContext? {
        if let trace = hint.trace { return trace }
        if let span = scopes.last?.span, let dsc = span.dynamicSamplingContext { return dsc }
        guard let propagation = (scopes.count > 1 ? scopes[1] : scopes.first)?.propagationContext else { return nil }
        return dynamicSamplingContext(for: propagation)
    }

    /// The DSC of a trace with no sampled transaction in this process: the upstream one when
    /// continuing, else one made from the options (tracing without performance).
    package func dynamicSamplingContext(for propagation: PropagationContext) -> DynamicSamplingContext? {
        if let frozen = propagation.dynamicSamplingContext { return frozen }
        guard let dsn else { return nil }
        return DynamicSamplingContext(
            traceId: propagation.traceId, publicKey: dsn.publicKey, sampleRand: propagation.sampleRandText,
            release: options.release, environment: options.environment ?? "production", orgId: options.orgId ?? dsn.orgId)
    }
}

/// Drops an error captured twice in a row (e.g. by a middleware and again by an outer handler).
/// Class instances compare by identity; value errors by type and message within 100 ms.
final class Deduplication: Sendable {
    private struct Seen {
        var key: String
        var object: ObjectIdentifier?
        var time: Double
    }

    private let last = Locked<Seen?>(nil)

    /// `thrown` is the exception the pipeline made of `error`: its type and message are the key.
    func isDuplicate(_ error: any Error, thrown: SentryException?) -> Bool {
        let object = type(of: error) is AnyClass ? ObjectIdentifier(error as AnyObject) : nil
        let key = object == nil ? "\(thrown?.type ?? "")|\(thrown?.value ?? "")" : ""
        let now = SentryTimestamp.now().secondsSince1970
        return last.withLock { seen in
            defer { seen = Seen(key: key, object: object, time: now) }
            guard let previous = seen else { return false }
            if let object { return previous.object == object }
            return previous.object == nil && previous.key == key && now - previous.time < 0.1
        }
    }
}
