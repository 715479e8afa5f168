// `sentry-example profile`: a CPU-bound workload on two threads with a named hot function,
// profiled continuously (or not, with SENTRY_PROFILE_SESSION_SAMPLE_RATE=0), so the two
// `workload:` lines of a run with and without profiling compare the profiler's overhead.
import Glibc
import Sentry
import SentryProfiling

/// The hot function: integer mixing with no allocation and no calls, so a profile shows it as
/// the leaf frame of nearly every sample of its threads.
@inline(never)
func profileHotLoop(seed: UInt64, iterations: Int) -> UInt64 {
    var state = seed
    var accumulator: UInt64 = 0
    for _ in 0..<iterations {
        state ^= state &<< 13
        state ^= state &>> 7
        state ^= state &<< 17
        accumulator = accumulator &+ (state &* 0x9E37_79B9_7F4A_7C15) >> 3
    }
    return accumulator
}

/// Names the calling thread (its `comm`, which the profiler reports as the thread's name).
func nameThisThread(_ name: String) {
    let fd = open("/proc/thread-self/comm", O_WRONLY)
    guard fd >= 0 else { return }
    var text = name
    text.withUTF8 { _ = write(fd, $0.baseAddress, min($0.count, 15)) }
    close(fd)
}

/// Runs `threads` threads of `rounds` × `iterations` hot-loop work each; returns the wall time.
func runProfileWorkload(threads: Int = 2, rounds: Int = 300, iterations: Int = 1_000_000) -> Double {
    final class Sink: @unchecked Sendable {  // written by each thread at its own index before join
        var values: [UInt64]
        init(_ count: Int) { values = [UInt64](repeating: 0, count: count) }
    }
    let sink = Sink(threads)
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    var handles: [pthread_t] = []
    for index in 0..<threads {
        final class Job { let body: () -> Void; init(_ body: @escaping () -> Void) { self.body = body } }
        let job = Unmanaged.passRetained(Job {
            var value: UInt64 = 0
            for round in 0..<rounds { value &+= profileHotLoop(seed: UInt64(index * 7919 + round + 1), iterations: iterations) }
            sink.values[index] = value
        }).toOpaque()
        var thread = pthread_t()
        pthread_create(&thread, nil, { raw in
            nameThisThread("hot-worker")
            Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, job)
        handles.append(thread)
    }
    for thread in handles { pthread_join(thread, nil) }
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &end)
    if sink.values.contains(42) { say("(unlikely)") }
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
}

/// User + system CPU time of the whole process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// The `profile` subcommand, after `SentrySDK.start`. `SENTRY_EXAMPLE_WORKLOAD_ROUNDS` (default
/// 1200, about 3 s in a release build here) sets the work per thread.
func runProfileExample(environment: [String: String]) {
    let rounds = environment["SENTRY_EXAMPLE_WORKLOAD_ROUNDS"].flatMap(Int.init) ?? 1200
    ProfileSampler.shared.resetStatistics()
    SentrySDK.startProfiler()
    let cpuBefore = processCPUSeconds()
    let seconds = runProfileWorkload(rounds: rounds)
    let cpu = processCPUSeconds() - cpuBefore
    let store = ProfileSampler.shared.storeFootprint
    SentrySDK.stopProfiler()
    say("workload: \((seconds * 1000).rounded() / 1000) s")
    say("cpu: \((cpu * 1000).rounded() / 1000) s")
    let statistics = ProfileSampler.shared.currentStatistics
    guard statistics.ticks > 0 else { return say("profiler: off") }
    func micros(_ values: [UInt64], _ q: Double) -> String {
        String(Double(SamplerStatistics.quantile(values, q)) / 1000)
    }
    say("profiler: \(statistics.ticks) ticks, \(statistics.samples) samples, \(statistics.dropped) dropped, sampler thread CPU \(statistics.samplerCPUNanoseconds / 1_000_000) ms, handlers \(statistics.handlerNanoseconds.reduce(0, +) / 1_000_000) ms")
    say("handler µs p50 \(micros(statistics.handlerNanoseconds, 0.5)) p99 \(micros(statistics.handlerNanoseconds, 0.99)); unwind µs p50 \(micros(statistics.unwindNanoseconds, 0.5)) p99 \(micros(statistics.unwindNanoseconds, 0.99)); sampler tick µs p50 \(micros(statistics.tickNanoseconds, 0.5)) p99 \(micros(statistics.tickNanoseconds, 0.99))")
    say("store: \(store.samples) samples, \(store.stacks) stacks, \(store.frames) frames, ~\(store.bytes / 1024) KiB")
}
