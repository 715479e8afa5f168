import Glibc
import SentryCore
import SentrySymbolication
import Testing

@testable import SentryProfiling

/// Every profiling test, one at a time: they share the process's one sampler.
@Suite(.serialized) struct ProfilingTests {}

extension ProfilingTests {
    @Suite struct Sampler {
        let owner = ObjectIdentifier(Sampler.self)

        init() throws {
            try #require(ProfileSampler.prepare() == nil)
            #expect(ProfileSampler.shared.waitUntilStopped(timeout: 10))
        }

        @Test func theHotFunctionIsTheLeafOfItsThreadsSamplesOnThreeThreads() throws {
            let sampler = ProfileSampler.shared
            let start = SignalSampler.monotonicNanoseconds()
            sampler.setKeepFrom(start, owner: owner)
            defer { sampler.setKeepFrom(nil, owner: owner) }
            sampler.acquire()
            let workers = (0..<3).map { index in
                TestThread(name: "hot-\(index)") { _ = profilingTestHotSpin(seconds: 1.5) }
            }
            let tids = workers.map(\.tid)
            for worker in workers { #expect(worker.join(timeout: 60)) }
            sampler.release()
            #expect(sampler.waitUntilStopped(timeout: 10))

            let slice = sampler.store.withLock { $0.slice(from: start, to: .max) }
            let symbolizer = TestSymbolizer()
            var threadsWithSamples = 0
            for (index, tid) in tids.enumerated() {
                let samples = slice.samples.filter { $0.threadId == tid }
                // 1.5 s at 101 Hz is ~150; a loaded 2-core machine runs 3 spinning threads at 2/3 speed.
                #expect(samples.count >= 20, "thread \(tid): \(samples.count) samples")
                guard !samples.isEmpty else { continue }
                threadsWithSamples += 1
                #expect(slice.threadNames[tid] == "hot-\(index)")
                // The leaf, or the topmost in-app frame (a debug build's arithmetic may call into
                // the standard library), is the hot function.
                var hot = 0
                for sample in samples {
                    for (position, frame) in slice.stacks[sample.stack].enumerated() {
                        let resolved = symbolizer.frame(for: slice.addresses[frame], isReturnAddress: position > 0)
                        guard position == 0 || resolved?.inApp == true else { continue }
                        if resolved?.function?.contains("profilingTestHotSpin") == true {
                            hot += 1
                            break
                        }
                        if resolved?.inApp == true { break }
                    }
                }
                guard !underThreadSanitizer else { continue }
                let share = Double(hot) / Double(samples.count)
                #expect(share >= 0.8, "thread \(tid): the hot function is the leaf in \(Int(share * 100)) % of samples")
                // Stacks go leaf to root: the thread entry is deeper than the hot function.
                let deepest = samples.map { slice.stacks[$0.stack].count }.max() ?? 0
                #expect(deepest >= 3)
            }
            #expect(threadsWithSamples >= 3)
            // The sleeping test thread is never signalled; the sampler never samples itself.
            let names = Set(slice.samples.map { slice.threadNames[$0.threadId] ?? "" })
            #expect(!names.contains("SentryProfiler"))
            let statistics = sampler.currentStatistics
            #expect(statistics.samples > 0)
            #expect(SamplerStatistics.quantile(statistics.handlerNanoseconds, 0.5) > 0)
            #expect(SamplerStatistics.quantile(statistics.unwindNanoseconds, 0.5) <= SamplerStatistics.quantile(statistics.handlerNanoseconds, 0.99))
        }

        @Test func aThreadThatExitsMidChunkIsHandled() throws {
            let sent = SentEnvelopes()
            let options = profilingOptions { $0.profileSessionSampleRate = 1 }
            let profiler = try #require(
                SentryProfiler(options: options, sdk: SdkInfo(), recorder: NoOpDiscardRecorder(), symbolizer: nil, send: sent.send))
            let timersBefore = posixTimerCount()
            profiler.startProfiler()
            let short = TestThread(name: "short-lived") { _ = profilingTestHotSpin(seconds: 0.4) }
            let long = TestThread(name: "long-lived") { _ = profilingTestHotSpin(seconds: 1.2) }
            let shortTid = short.tid
            let longTid = long.tid
            #expect(short.join(timeout: 60))
            #expect(eventually { posixTimerCount() > timersBefore }, "running threads have CPU timers")
            #expect(long.join(timeout: 60))
            profiler.stopProfiler()
            #expect(ProfileSampler.shared.waitUntilStopped(timeout: 10))
            // The exited thread's cached /proc stat file was closed.
            #expect(!openFileTargets().contains { $0.contains("/task/\(shortTid)/") })

            let chunks = sent.chunks
            try #require(chunks.count == 1)
            let samples = ProfileFormat.elements(chunks[0]["profile"]?["samples"]) ?? []
            func times(_ tid: Int32) -> [Double] {
                samples.filter { $0["thread_id"]?.stringValue == String(tid) }.compactMap { ProfileFormat.number($0["timestamp"]) }
            }
            let shortTimes = times(shortTid)
            let longTimes = times(longTid)
            #expect(shortTimes.count >= 5)
            #expect(longTimes.count >= 15)
            if let shortLast = shortTimes.max(), let longLast = longTimes.max() {
                #expect(shortLast < longLast, "the long thread was sampled after the short one exited")
            }
            #expect(chunks[0]["profile"]?["thread_metadata"]?[String(shortTid)]?["name"]?.stringValue == "short-lived")
            let bytes = sent.envelopes.withLock { $0[0].items[0].payload.count }
            #expect(ProfileFormat.checkChunk(chunks[0], bytes: bytes) == [])
        }

        @Test func aSignalWhileAThreadHoldsTheMallocLockCannotDeadlock() throws {
            let stop = Locked(false)
            let hammers = (0..<2).map { index in
                TestThread(name: "malloc-\(index)") {
                    var round = 0
                    while !stop.withLock({ $0 }) {
                        for size in [16, 200, 4096, 70_000, 1_000_000] {
                            let pointer = malloc(size + round % 64)
                            pointer?.storeBytes(of: UInt8(truncatingIfNeeded: round), as: UInt8.self)
                            free(pointer)
                        }
                        var array = [Int](repeating: round, count: 64 + round % 512)
                        array.append(round)
                        round &+= 1
                    }
                }
            }
            let tids = hammers.map(\.tid)
            // Interrupt them far more often than 101 Hz (every 100 µs of their CPU time):
            // thousands of handlers land inside malloc/free.
            let sampler = SignalSampler()
            let rings = tids.compactMap { sampler.attach($0, interval: 100_000) }
            #expect(rings.count == 2)
            var sampled = 0
            let deadline = MonotonicClock.now() + 3
            while MonotonicClock.now() < deadline {
                usleep(500)
                for ring in rings {
                    sampler.collect(ring) { _, _, frames, _, _ in
                        #expect(frames.count > 0)
                        sampled += 1
                    }
                }
            }
            for ring in rings { sampler.detach(ring) }
            stop.withLock { $0 = true }
            for hammer in hammers { #expect(hammer.join(timeout: 60), "a hammering thread is stuck (deadlock?)") }
            #expect(sampled >= 1000, "\(sampled) samples")
        }

        @Test func startingAndStoppingRepeatedlyLeaksNothing() throws {
            let baselineFiles = openFileTargets().count
            let baselineTimers = posixTimerCount()
            let sent = SentEnvelopes()
            let options = profilingOptions { $0.profileSessionSampleRate = 1 }
            let worker = TestThread(name: "busy") { _ = profilingTestHotSpin(seconds: 3) }
            for cycle in 0..<40 {
                let profiler = try #require(
                    SentryProfiler(options: options, sdk: SdkInfo(), recorder: NoOpDiscardRecorder(), symbolizer: nil, send: sent.send))
                profiler.startProfiler()
                profiler.startProfiler()  // a second start is a no-op
                usleep(UInt32(5_000 + (cycle % 4) * 10_000))
                profiler.stopProfiler()
                profiler.stopProfiler()  // so is a second stop
                if cycle % 10 == 9 { profiler.close() }
            }
            #expect(worker.join(timeout: 60))
            #expect(ProfileSampler.shared.waitUntilStopped(timeout: 10))
            #expect(!threadNames().contains("SentryProfiler"))
            #expect(openFileTargets().count <= baselineFiles + 2)
            #expect(posixTimerCount() == baselineTimers, "every thread's CPU timer is deleted")
            #expect(ProfileSampler.shared.storeFootprint.samples < 100_000)
            // Every chunk sent is valid and has its own id.
            let chunks = sent.chunks
            #expect(chunks.count >= 10)
            #expect(Set(chunks.compactMap { $0["chunk_id"]?.stringValue }).count == chunks.count)
            for chunk in chunks { #expect(ProfileFormat.checkChunk(chunk, bytes: 0) == []) }
        }
    }
}
