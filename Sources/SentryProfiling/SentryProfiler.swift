package import SentryCore

/// The profiler an SDK installs (``ProfilingHooks``): continuous profiling (v2 chunks of at most
/// 60 s, lifecycle `.manual` or `.trace`) when ``Options/profileSessionSampleRate`` sampled this
/// process in, otherwise transaction profiles (v1, at most 30 s) for transactions
/// ``Options/profilesSampleRate`` or ``Options/profilesSampler`` pick. One sampler serves both.
///
/// `@unchecked Sendable`: the only mutable state is `state`, a `Locked`.
package final class SentryProfiler: ProfilingHooks, @unchecked Sendable {
    /// What this process profiles.
    package enum Mode: Sendable, Equatable {
        case continuous(ProfileLifecycle)
        case transactions
    }

    /// The longest chunk.
    static let chunkNanoseconds: UInt64 = 60_000_000_000
    /// The longest transaction profile.
    static let transactionNanoseconds: UInt64 = 30_000_000_000

    package let mode: Mode
    package let sampler: ProfileSampler
    let options: Options
    let sdk: SdkInfo
    let send: @Sendable (Envelope) -> Void
    let recorder: any DiscardRecorder
    let symbols: SymbolCache
    let images = LoadedImages()

    struct Session {
        var profilerId: SentryId
        var chunkId: SentryId
        var chunkStart: UInt64
        /// The wall clock at `anchorMonotonic`, fixed once per profiler id.
        var anchorWall: Double
        var anchorMonotonic: UInt64
    }

    struct State {
        var session: Session?
        var manual = false
        var traceRoots = 0
        var transactionStarts: [ObjectIdentifier: UInt64] = [:]
        var closed = false
    }

    let state = Locked(State())

    /// Creates the profiler, or `nil` (with a diagnostic) when the options leave profiling off,
    /// this process was not sampled in, or the host cannot profile safely.
    package init?(
        options: Options, sdk: SdkInfo, recorder: any DiscardRecorder, symbolizer: (any FrameSymbolizer)?,
        send: @escaping @Sendable (Envelope) -> Void
    ) {
        let diagnostics = options.diagnostics
        if let rate = options.profileSessionSampleRate {
            guard rate > 0, FastRandom.unit() < rate else {
                diagnostics.log(.debug, "continuous profiling: this process was not sampled (profileSessionSampleRate \(rate))")
                return nil
            }
            mode = .continuous(options.profileLifecycle ?? .manual)
            if options.profilesSampleRate != nil || options.profilesSampler != nil {
                diagnostics.log(.info, "profilesSampleRate/profilesSampler are ignored: continuous profiling is on")
            }
        } else if (options.profilesSampleRate ?? 0) > 0 || options.profilesSampler != nil {
            mode = .transactions
        } else {
            return nil
        }
        if let why = ProfileSampler.prepare() {
            diagnostics.log(.warning, why)
            return nil
        }
        self.options = options
        self.sdk = sdk
        self.recorder = recorder
        self.send = send
        symbols = SymbolCache(symbolizer: symbolizer)
        sampler = ProfileSampler.shared
        sampler.setDiagnostics(diagnostics)
        sampler.setOnSecond({ [weak self] now in self?.rotateChunkIfDue(now: now) }, owner: ObjectIdentifier(self))
    }

    deinit {
        let holding = state.withLock { $0.session != nil }
        if holding { sampler.release() }
        sampler.setOnSecond(nil, owner: ObjectIdentifier(self))
        sampler.setKeepFrom(nil, owner: ObjectIdentifier(self))
    }

    // MARK: ProfilingHooks

    package func startProfiler() {
        guard case .continuous(let lifecycle) = mode else {
            options.diagnostics.log(.warning, "startProfiler(): continuous profiling is off (profileSessionSampleRate)")
            return
        }
        guard lifecycle == .manual else {
            options.diagnostics.log(.warning, "startProfiler(): ignored with profileLifecycle .trace")
            return
        }
        state.withLock { state in
            guard !state.manual, !state.closed else { return }
            state.manual = true
            beginSession(&state)
        }
    }

    package func stopProfiler() {
        guard case .continuous(.manual) = mode else { return }
        let chunk = state.withLock { state -> PendingChunk? in
            guard state.manual else { return nil }
            state.manual = false
            return endSession(&state)
        }
        chunk?.emit(synchronously: true)
    }

    package func rootSpanStarted(_ context: SamplingContext, traceId: SentryId, start: SentryTimestamp) -> (any ProfiledTransaction)? {
        let now = SignalSampler.monotonicNanoseconds()
        let threadId = ThreadDirectory.currentThreadId()
        switch mode {
        case .continuous(let lifecycle):
            let profilerId = state.withLock { state -> SentryId? in
                guard !state.closed else { return nil }
                if lifecycle == .trace {
                    state.traceRoots += 1
                    if state.session == nil { beginSession(&state) }
                }
                return state.session?.profilerId
            }
            return ProfiledRoot(
                profiler: self, kind: .continuous(profilerIdAtStart: profilerId, holdsSession: lifecycle == .trace),
                threadId: threadId)
        case .transactions:
            let rate = options.profilesSampler?(context) ?? options.profilesSampleRate ?? 0
            guard rate.isFinite, FastRandom.unit() < min(max(rate, 0), 1) else {
                return nil
            }
            let elapsed = max(0, SentryTimestamp.now().secondsSince1970 - start.secondsSince1970)
            let startMonotonic = now - min(now, UInt64(elapsed * 1e9))
            let root = ProfiledRoot(
                profiler: self, kind: .transaction(profileId: SentryId(), start: start, startMonotonic: startMonotonic),
                threadId: threadId)
            let accepted = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.transactionStarts[ObjectIdentifier(root)] = startMonotonic
                return true
            }
            guard accepted else { return nil }
            sampler.acquire()
            updateRetention()
            return root
        }
    }

    /// Stops sampling and sends what is pending; the profiler takes no new work.
    package func close() {
        let chunk = state.withLock { state -> PendingChunk? in
            state.closed = true
            let holding = state.manual || state.traceRoots > 0
            state.manual = false
            state.traceRoots = 0
            return holding ? endSession(&state) : nil
        }
        chunk?.emit(synchronously: true)
        sampler.setOnSecond(nil, owner: ObjectIdentifier(self))
    }

    /// The current profiler session's id, if the continuous profiler is running.
    package var profilerId: SentryId? { state.withLock { $0.session?.profilerId } }

    // MARK: Sessions and chunks

    /// Call holding `state`.
    private func beginSession(_ state: inout State) {
        let now = SignalSampler.monotonicNanoseconds()
        state.session = Session(
            profilerId: SentryId(), chunkId: SentryId(), chunkStart: now,
            anchorWall: SentryTimestamp.now().secondsSince1970, anchorMonotonic: now)
        sampler.acquire()
        sampler.setKeepFrom(retentionStart(state), owner: ObjectIdentifier(self))
    }

    /// Call holding `state`; returns the last chunk to emit (outside the lock).
    private func endSession(_ state: inout State) -> PendingChunk? {
        guard let session = state.session else { return nil }
        state.session = nil
        let now = SignalSampler.monotonicNanoseconds()
        sampler.release()
        sampler.setKeepFrom(retentionStart(state), owner: ObjectIdentifier(self))
        return cutChunk(session, end: now + 1)
    }

    func traceRootFinished() {
        let chunk = state.withLock { state -> PendingChunk? in
            guard state.traceRoots > 0 else { return nil }
            state.traceRoots -= 1
            return state.traceRoots == 0 ? endSession(&state) : nil
        }
        chunk?.emit()
    }

    func transactionFinished(_ root: ProfiledRoot) {
        let removed = state.withLock { $0.transactionStarts.removeValue(forKey: ObjectIdentifier(root)) != nil }
        guard removed else { return }
        sampler.release()
        updateRetention()
    }

    func rotateChunkIfDue(now: UInt64) {
        let chunk = state.withLock { state -> PendingChunk? in
            guard var session = state.session, now >= session.chunkStart + Self.chunkNanoseconds else { return nil }
            // Exactly 60 s each: the next chunk starts where this one ends.
            let end = session.chunkStart + Self.chunkNanoseconds
            let chunk = cutChunk(session, end: end)
            session.chunkStart = end
            session.chunkId = SentryId()
            state.session = session
            sampler.setKeepFrom(retentionStart(state), owner: ObjectIdentifier(self))
            return chunk
        }
        chunk?.emit()
    }

    private func retentionStart(_ state: State) -> UInt64? {
        var start = state.session?.chunkStart
        for transactionStart in state.transactionStarts.values { start = min(start ?? .max, transactionStart) }
        return start
    }

    private func updateRetention() {
        let start = state.withLock { retentionStart($0) }
        sampler.setKeepFrom(start, owner: ObjectIdentifier(self))
    }

    /// A chunk's samples, cut now; encoded and sent on a background thread by ``emit()``.
    struct PendingChunk {
        let profiler: SentryProfiler
        let slice: ProfileSlice
        let metadata: ProfilePayload.ChunkMetadata

        /// Encodes and sends the chunk: on a background thread, or on the caller's when it waits
        /// for it (``stopProfiler()``, ``close()``).
        func emit(synchronously: Bool = false) {
            guard !slice.samples.isEmpty else { return }
            let profiler = profiler
            if synchronously {
                profiler.send(profiler.chunkEnvelope(slice, metadata: metadata))
                return
            }
            let work = UncheckedBox((slice, metadata))
            BackgroundThread.start {
                let (slice, metadata) = work.value
                profiler.send(profiler.chunkEnvelope(slice, metadata: metadata))
            }
        }
    }

    private func cutChunk(_ session: Session, end: UInt64) -> PendingChunk {
        let slice = sampler.store.withLock { $0.slice(from: session.chunkStart, to: end) }
        let anchorWall = session.anchorWall
        let anchorMonotonic = session.anchorMonotonic
        let metadata = ProfilePayload.ChunkMetadata(
            profilerId: session.profilerId, chunkId: session.chunkId, release: options.release,
            environment: options.environment, sdk: sdk,
            wallClock: { anchorWall + (Double(Int64(bitPattern: $0 &- anchorMonotonic)) / 1e9) })
        return PendingChunk(profiler: self, slice: slice, metadata: metadata)
    }

    /// Encodes a chunk (symbolicating on the calling, background thread).
    func chunkEnvelope(_ slice: ProfileSlice, metadata: ProfilePayload.ChunkMetadata) -> Envelope {
        let frames = symbols.resolve(slice.addresses, seenAsLeaf: slice.seenAsLeaf)
        let images = images.debugImages(containing: slice.addresses)
        let payload = ProfilePayload.chunk(slice, frames: frames, images: images, metadata: metadata)
        return Envelope(header: Envelope.Header(sdk: sdk), items: [EnvelopeItem(profileChunk: payload, platform: "native")])
    }

    /// The v1 profile item of a finished transaction, or `nil` (recorded as `insufficient_data`).
    func transactionProfile(
        profileId: SentryId, start: SentryTimestamp, startMonotonic: UInt64, activeThreadId: Int32, event: Event,
        now: UInt64 = SignalSampler.monotonicNanoseconds()
    ) -> EnvelopeItem? {
        let end = min(now + 1, startMonotonic + Self.transactionNanoseconds)
        let slice = sampler.store.withLock { $0.slice(from: startMonotonic, to: end) }
        guard slice.samples.count >= 2 else {
            recorder.recordDiscard(.insufficientData, category: .profile, quantity: 1)
            options.diagnostics.log(.debug, "transaction profile dropped: \(slice.samples.count) sample(s)")
            return nil
        }
        let frames = symbols.cachedWarmingMisses(slice.addresses, seenAsLeaf: slice.seenAsLeaf)
        let images = images.debugImages(containing: slice.addresses)
        let metadata = ProfilePayload.TransactionMetadata(
            profileId: profileId, start: start, startMonotonic: startMonotonic,
            durationNanoseconds: end - 1 - startMonotonic, release: options.release, environment: options.environment,
            transactionId: event.eventId, transactionName: event.transaction ?? "<unlabeled transaction>",
            traceId: event.contexts.trace?.traceId ?? SentryId(), activeThreadId: activeThreadId)
        return EnvelopeItem(profile: ProfilePayload.transaction(slice, frames: frames, images: images, metadata: metadata))
    }
}

/// Carries a value this module hands to exactly one other thread and never touches again.
/// `@unchecked Sendable`: ownership moves with it; no two threads use it at once.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
