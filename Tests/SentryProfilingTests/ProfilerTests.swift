import Glibc
import SentryCore
import SentrySymbolication
import SentryTesting
import Testing

@testable import SentryProfiling

/// A `send` that drops the envelope.
let discard: @Sendable (Envelope) -> Void = { _ in }

extension ProfilingTests {
    @Suite struct Profiles {
        init() throws {
            try #require(ProfileSampler.prepare() == nil)
            #expect(ProfileSampler.shared.waitUntilStopped(timeout: 10))
        }

        @Test func aSampledTransactionCarriesItsV1ProfileInItsEnvelope() throws {
            let options = profilingOptions { $0.profilesSampleRate = 1 }
            let profiler = try #require(
                SentryProfiler(
                    options: options, sdk: SdkInfo(), recorder: NoOpDiscardRecorder(), symbolizer: TestSymbolizer(),
                    send: discard))
            #expect(profiler.mode == .transactions)
            let tid = ThreadDirectory.currentThreadId()
            let captured = ProfilingRegistry.withHooks(profiler) {
                withCapturedEvents(configure: { $0.tracesSampleRate = 1; $0.release = "profiling-tests@1.0" }) {
                    let transaction = SentrySDK.startTransaction(name: "GET /hot", operation: "http.server")
                    let child = transaction.startChild(operation: "compute")
                    _ = profilingTestHotSpin(seconds: 0.6)
                    child.finish()
                    transaction.finish()
                }
            }
            #expect(ProfileSampler.shared.waitUntilStopped(timeout: 10))
            let envelope = try #require(captured.envelopes.first { $0.items.contains { $0.header.type == .transaction } })
            let profileItem = try #require(envelope.items.first { $0.header.type == .profile }, "the profile travels with its transaction")
            #expect(envelope.items.filter { $0.header.type == .profile }.count == 1)
            #expect(profileItem.header.contentType == "application/json")
            let profile = try JSONValue.parse(profileItem.payload)
            let transaction = try #require(captured.transactions.first)
            #expect(ProfileFormat.checkTransactionProfile(profile, bytes: profileItem.payload.count) == [])
            #expect(profile["transaction"]?["id"]?.stringValue == transaction["event_id"]?.stringValue)
            #expect(profile["transaction"]?["name"]?.stringValue == "GET /hot")
            #expect(profile["transaction"]?["trace_id"]?.stringValue == transaction["contexts"]?["trace"]?["trace_id"]?.stringValue)
            #expect(profile["transaction"]?["active_thread_id"]?.stringValue == String(tid))
            #expect(profile["release"]?.stringValue == "profiling-tests@1.0")
            #expect(transaction["contexts"]?["profile"]?["profile_id"]?.stringValue == profile["event_id"]?.stringValue)
            // The active thread did the work: most of the samples are its own.
            let samples = ProfileFormat.elements(profile["profile"]?["samples"]) ?? []
            let own = samples.filter { $0["thread_id"]?.stringValue == String(tid) }.count
            #expect(own >= 10, "\(own) of \(samples.count) samples on the active thread")
            #expect(profile["profile"]?["thread_metadata"]?[String(tid)] != nil)
            // Spans say which thread ran them.
            let span = try #require(ProfileFormat.elements(transaction["spans"])?.first)
            #expect(span["data"]?["thread.id"]?.stringValue == String(tid))
            #expect(transaction["contexts"]?["trace"]?["data"]?["thread.id"]?.stringValue == String(tid))
            #expect(transaction["contexts"]?["trace"]?["data"]?["thread.name"]?.stringValue != nil)
        }

        @Test func theTraceLifecycleLinksTransactionsToTheChunkProfilerId() throws {
            let sent = SentEnvelopes()
            let options = profilingOptions {
                $0.profileSessionSampleRate = 1
                $0.profileLifecycle = .trace
            }
            let profiler = try #require(
                SentryProfiler(options: options, sdk: SdkInfo(), recorder: NoOpDiscardRecorder(), symbolizer: TestSymbolizer(), send: sent.send))
            #expect(profiler.mode == .continuous(.trace))
            let tid = ThreadDirectory.currentThreadId()
            let captured = ProfilingRegistry.withHooks(profiler) {
                withCapturedEvents(configure: { $0.tracesSampleRate = 1 }) {
                    let transaction = SentrySDK.startTransaction(name: "job", operation: "queue.process")
                    #expect(profiler.profilerId != nil, "a sampled root span starts the profiler")
                    let child = transaction.startChild(operation: "compute")
                    _ = profilingTestHotSpin(seconds: 0.5)
                    child.finish()
                    transaction.finish()
                }
            }
            #expect(profiler.profilerId == nil, "the last root span's end stops it")
            #expect(eventually { !sent.chunks.isEmpty })
            let chunk = try #require(sent.chunks.first)
            let transaction = try #require(captured.transactions.first)
            #expect(transaction["contexts"]?["profile"]?["profiler_id"]?.stringValue == chunk["profiler_id"]?.stringValue)
            let threadId = transaction["contexts"]?["trace"]?["data"]?["thread.id"]?.stringValue
            #expect(threadId == String(tid))
            #expect(chunk["profile"]?["thread_metadata"]?[String(tid)] != nil, "thread.id matches a thread_metadata key")
            let span = try #require(ProfileFormat.elements(transaction["spans"])?.first)
            #expect(span["data"]?["thread.id"]?.stringValue == String(tid))
            #expect(span["data"]?["thread.name"]?.stringValue?.isEmpty == false)
            let item = try #require(sent.envelopes.withLock { $0.first?.items.first })
            #expect(item.header.type == .profileChunk)
            #expect(item.header.platform == "native")
            #expect(ProfileFormat.checkChunk(chunk, bytes: item.payload.count) == [])
            // Locally symbolicated: the hot function is named, and in-app (not under TSan, which
            // defers the handler until only the interrupted instruction is left).
            if !underThreadSanitizer {
                let frames = ProfileFormat.elements(chunk["profile"]?["frames"]) ?? []
                let hot = frames.first { $0["function"]?.stringValue?.contains("profilingTestHotSpin") == true }
                #expect(hot?["in_app"] == .bool(true))
                #expect(hot?["lineno"]?.intValue != nil)
            }
        }

        @Test func manualLifecycleIgnoresRootSpansAndStartsOnRequest() throws {
            let sent = SentEnvelopes()
            let options = profilingOptions { $0.profileSessionSampleRate = 1 }
            let profiler = try #require(
                SentryProfiler(options: options, sdk: SdkInfo(), recorder: NoOpDiscardRecorder(), symbolizer: nil, send: sent.send))
            #expect(profiler.mode == .continuous(.manual))
            _ = ProfilingRegistry.withHooks(profiler) {
                withCapturedEvents(configure: { $0.tracesSampleRate = 1 }) {
                    SentrySDK.startTransaction(name: "no profiler yet", operation: "task").finish()
                    #expect(profiler.profilerId == nil)
                    SentrySDK.startProfiler()
                    #expect(profiler.profilerId != nil)
                    _ = profilingTestHotSpin(seconds: 0.3)
                    SentrySDK.stopProfiler()
                }
            }
            #expect(sent.chunks.count == 1, "stopProfiler sends the last chunk before it returns")
        }

        @Test func chunksRotateAtSixtySecondsAndProfilesStopAtThirty() throws {
            let sent = SentEnvelopes()
            let profiler = try #require(
                SentryProfiler(
                    options: profilingOptions { $0.profileSessionSampleRate = 1 }, sdk: SdkInfo(),
                    recorder: NoOpDiscardRecorder(), symbolizer: nil, send: sent.send))
            profiler.startProfiler()
            let t0 = SignalSampler.monotonicNanoseconds()
            let owner = ObjectIdentifier(Profiles.self)
            ProfileSampler.shared.setKeepFrom(t0 - 1, owner: owner)  // the synthetic samples stay
            defer { ProfileSampler.shared.setKeepFrom(nil, owner: owner) }
            // 130 s of synthetic samples, ten a second, on one made-up thread.
            let frames = Symbolicator.captureAddresses(limit: 4).map { UInt($0) }  // real addresses of this process
            ProfileSampler.shared.store.withLock { store in
                for tenth in 0..<1300 {
                    frames.withUnsafeBufferPointer {
                        store.append(threadId: 999_999, timestamp: t0 + UInt64(tenth) * 100_000_000, frames: $0)
                    }
                }
            }
            profiler.rotateChunkIfDue(now: t0 + 30_000_000_000)  // not due
            profiler.rotateChunkIfDue(now: t0 + 61_000_000_000)
            profiler.rotateChunkIfDue(now: t0 + 122_000_000_000)
            #expect(eventually { sent.chunks.count == 2 })
            for chunk in sent.chunks {
                #expect(ProfileFormat.checkChunk(chunk, bytes: 0) == [])
                let synthetic = (ProfileFormat.elements(chunk["profile"]?["samples"]) ?? [])
                    .filter { $0["thread_id"]?.stringValue == "999999" }
                #expect(synthetic.count == 600, "\(synthetic.count) synthetic samples")
            }
            profiler.stopProfiler()
            #expect(Set(sent.chunks.compactMap { $0["profiler_id"]?.stringValue }).count == 1)
            #expect(Set(sent.chunks.compactMap { $0["chunk_id"]?.stringValue }).count == sent.chunks.count)

            // A transaction profile keeps its first 30 s only (Relay rejects longer ones).
            let transactions = try #require(
                SentryProfiler(
                    options: profilingOptions { $0.profilesSampleRate = 1 }, sdk: SdkInfo(), recorder: NoOpDiscardRecorder(),
                    symbolizer: nil, send: discard))
            var event = Event()
            event.transaction = "long"
            let item = try #require(
                transactions.transactionProfile(
                    profileId: SentryId(), start: .now(), startMonotonic: t0, activeThreadId: 999_999, event: event,
                    now: t0 + 45_000_000_000))
            let profile = try JSONValue.parse(item.payload)
            #expect(ProfileFormat.checkTransactionProfile(profile, bytes: item.payload.count) == [])
            let elapsed = (ProfileFormat.elements(profile["profile"]?["samples"]) ?? [])
                .compactMap { $0["elapsed_since_start_ns"]?.stringValue.flatMap { UInt64($0) } }
            #expect(elapsed.filter { $0 % 100_000_000 == 0 }.count == 300, "the synthetic samples of the first 30 s")
            #expect((elapsed.max() ?? .max) < 30_000_000_000)
            ProfileSampler.shared.store.withLock { $0.discard(before: .max) }
        }

        @Test func fewerThanTwoSamplesIsDroppedAsInsufficientData() throws {
            let recorder = RecordingDiscards()
            let profiler = try #require(
                SentryProfiler(
                    options: profilingOptions { $0.profilesSampleRate = 1 }, sdk: SdkInfo(), recorder: recorder,
                    symbolizer: nil, send: discard))
            let future = SignalSampler.monotonicNanoseconds() + 3_600_000_000_000
            let item = profiler.transactionProfile(
                profileId: SentryId(), start: .now(), startMonotonic: future, activeThreadId: 1, event: Event())
            #expect(item == nil)
            let entries = recorder.entries.withLock { $0 }
            #expect(entries.count == 1)
            #expect(entries.first?.0 == .insufficientData)
            #expect(entries.first?.1 == .profile)
        }

        @Test func samplingRatesAndTheEnvironmentDecide() throws {
            var options = Options()
            options.applyEnvironment(["SENTRY_PROFILE_SESSION_SAMPLE_RATE": "0.25", "SENTRY_PROFILE_LIFECYCLE": "trace", "SENTRY_PROFILES_SAMPLE_RATE": "2"])
            #expect(options.profileSessionSampleRate == 0.25)
            #expect(options.profileLifecycle == .trace)
            #expect(options.profilesSampleRate == 1)
            var coded = Options()
            coded.profileSessionSampleRate = 1
            coded.profileLifecycle = .manual
            coded.applyEnvironment(["SENTRY_PROFILE_SESSION_SAMPLE_RATE": "0", "SENTRY_PROFILE_LIFECYCLE": "trace"])
            #expect(coded.profileSessionSampleRate == 1, "code wins over the environment")
            #expect(coded.profileLifecycle == .manual)

            func make(_ configure: (inout Options) -> Void) -> SentryProfiler? {
                SentryProfiler(options: profilingOptions(configure), sdk: SdkInfo(), recorder: NoOpDiscardRecorder(), symbolizer: nil, send: discard)
            }
            #expect(make { _ in } == nil, "nothing asked for")
            #expect(make { $0.profileSessionSampleRate = 0 } == nil, "sampled out")
            #expect(make { $0.profileSessionSampleRate = 0; $0.profilesSampleRate = 1 } == nil, "continuous takes precedence")
            #expect(make { $0.profilesSampler = { _ in 1 } }?.mode == .transactions)
            // The sampler decides per transaction (0 → no profile, not even a sampler start).
            let never = try #require(make { $0.profilesSampler = { _ in 0 } })
            let context = SamplingContext(name: "x", operation: "y", parentSampled: nil, parentSampleRate: nil, data: [:])
            #expect(never.rootSpanStarted(context, traceId: SentryId(), start: .now()) == nil)
            #expect(!ProfileSampler.shared.isRunning || ProfileSampler.shared.waitUntilStopped(timeout: 10))
        }
    }
}
