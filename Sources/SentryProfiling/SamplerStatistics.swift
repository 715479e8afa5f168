/// What the sampler measured: ticks, samples, drops, sampler CPU, and the latest handler and unwind
/// durations (a ring of the last 16 384), for p50/p99 figures.
package struct SamplerStatistics: Sendable {
    /// Ticks run.
    package var ticks = 0
    /// Stacks taken.
    package var samples = 0
    /// Samples lost to a full ring (the sampler thread fell behind).
    package var dropped = 0
    /// CPU time the sampler thread used (its whole loop), ns.
    package var samplerCPUNanoseconds: UInt64 = 0
    /// Time the sampler thread spent per tick (listing, signalling, waiting, storing), ns.
    package var tickNanoseconds: [UInt64] = []
    /// Whole signal handler, ns.
    package var handlerNanoseconds: [UInt64] = []
    /// The `backtrace()` call inside the handler, ns.
    package var unwindNanoseconds: [UInt64] = []

    static let ringSize = 16_384
    private var next = 0
    private var nextTick = 0

    mutating func record(handler: UInt64, unwind: UInt64) {
        samples += 1
        if handlerNanoseconds.count < Self.ringSize {
            handlerNanoseconds.append(handler)
            unwindNanoseconds.append(unwind)
        } else {
            handlerNanoseconds[next] = handler
            unwindNanoseconds[next] = unwind
            next = (next + 1) % Self.ringSize
        }
    }

    mutating func record(tick: UInt64) {
        ticks += 1
        if tickNanoseconds.count < Self.ringSize {
            tickNanoseconds.append(tick)
        } else {
            tickNanoseconds[nextTick] = tick
            nextTick = (nextTick + 1) % Self.ringSize
        }
    }

    /// The `fraction` quantile (0…1) of `values`, 0 when empty.
    package static func quantile(_ values: [UInt64], _ fraction: Double) -> UInt64 {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let index = min(sorted.count - 1, max(0, Int((Double(sorted.count - 1) * fraction).rounded())))
        return sorted[index]
    }
}
