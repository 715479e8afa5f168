/// The samples of a profiler session with their frames and stacks deduplicated: each distinct
/// instruction address is stored once, each distinct stack (frame indices, leaf first) once,
/// and a sample is a timestamp, a thread and a stack index. Chunks and transaction profiles are
/// cut from it by time; old samples are dropped and the tables rebuilt, so memory stays bounded.
struct SampleStore {
    /// One sample.
    struct Sample: Hashable {
        /// CLOCK_MONOTONIC, ns.
        var timestamp: UInt64
        var threadId: Int32
        var stack: Int32
    }

    private(set) var addresses: [UInt64] = []
    /// Whether the address was ever the interrupted instruction (the top of a stack) rather
    /// than a return address.
    private(set) var seenAsLeaf: [Bool] = []
    private var frameIndex: [UInt64: Int32] = [:]
    private(set) var stacks: [[Int32]] = []
    private var stackIndex: [[Int32]: Int32] = [:]
    private(set) var samples: [Sample] = []
    /// Thread names by id, as last seen.
    var threadNames: [Int32: String] = [:]
    private var droppedSinceRebuild = 0

    /// The most samples kept (about 8 MB with their tables in the worst case).
    static let sampleLimit = 200_000

    var isEmpty: Bool { samples.isEmpty }

    /// Counts and an estimate of the bytes held (arrays and both dictionaries).
    var footprint: (samples: Int, stacks: Int, frames: Int, bytes: Int) {
        let stackBytes = stacks.reduce(0) { $0 + 32 + $1.count * 4 } * 2  // the array and the index's keys
        let frameBytes = addresses.count * (8 + 1 + 24)
        return (samples.count, stacks.count, addresses.count, samples.count * MemoryLayout<Sample>.stride + stackBytes + frameBytes)
    }

    mutating func append(threadId: Int32, timestamp: UInt64, frames: UnsafeBufferPointer<UInt>) {
        var stack: [Int32] = []
        stack.reserveCapacity(frames.count)
        for (position, frame) in frames.enumerated() {
            let address = UInt64(frame)
            let index: Int32
            if let known = frameIndex[address] {
                index = known
            } else {
                index = Int32(addresses.count)
                addresses.append(address)
                seenAsLeaf.append(false)
                frameIndex[address] = index
            }
            if position == 0 { seenAsLeaf[Int(index)] = true }
            stack.append(index)
        }
        let stackId: Int32
        if let known = stackIndex[stack] {
            stackId = known
        } else {
            stackId = Int32(stacks.count)
            stacks.append(stack)
            stackIndex[stack] = stackId
        }
        samples.append(Sample(timestamp: timestamp, threadId: threadId, stack: stackId))
        if samples.count > Self.sampleLimit { discard(before: samples[samples.count - Self.sampleLimit].timestamp) }
    }

    /// Drops samples older than `cutoff`; rebuilds the frame and stack tables once as many
    /// samples were dropped as are kept, so entries only old samples used go too.
    mutating func discard(before cutoff: UInt64) {
        // Samples are nearly in time order (a batch's handlers run in parallel): check them all.
        let before = samples.count
        samples.removeAll { $0.timestamp < cutoff }
        guard samples.count < before else { return }
        if samples.isEmpty {
            self = SampleStore(threadNames: [:])
            return
        }
        droppedSinceRebuild += before - samples.count
        if droppedSinceRebuild >= samples.count { rebuild() }
    }

    private init(threadNames: [Int32: String]) { self.threadNames = threadNames }

    init() {}

    private mutating func rebuild() {
        let old = self
        var fresh = SampleStore(threadNames: [:])
        var liveThreads = Set<Int32>()
        for sample in old.samples {
            let frames = old.stacks[Int(sample.stack)].map { old.addresses[Int($0)] }
            frames.map(UInt.init).withUnsafeBufferPointer {
                fresh.append(threadId: sample.threadId, timestamp: sample.timestamp, frames: $0)
            }
            liveThreads.insert(sample.threadId)
        }
        for (index, address) in old.addresses.enumerated() where old.seenAsLeaf[index] {
            if let newIndex = fresh.frameIndex[address] { fresh.seenAsLeaf[Int(newIndex)] = true }
        }
        fresh.threadNames = old.threadNames.filter { liveThreads.contains($0.key) }
        self = fresh
    }

    /// The samples in `[start, end)` (optionally of one thread), their stacks and frames
    /// renumbered densely: only what those samples use.
    func slice(from start: UInt64, to end: UInt64) -> ProfileSlice {
        var slice = ProfileSlice()
        var stackMap: [Int32: Int] = [:]
        var frameMap: [Int32: Int] = [:]
        for sample in samples where sample.timestamp >= start && sample.timestamp < end {
            let stack: Int
            if let known = stackMap[sample.stack] {
                stack = known
            } else {
                let frames = stacks[Int(sample.stack)].map { frame -> Int in
                    if let known = frameMap[frame] { return known }
                    let index = slice.addresses.count
                    slice.addresses.append(addresses[Int(frame)])
                    slice.seenAsLeaf.append(seenAsLeaf[Int(frame)])
                    frameMap[frame] = index
                    return index
                }
                stack = slice.stacks.count
                slice.stacks.append(frames)
                stackMap[sample.stack] = stack
            }
            slice.samples.append(ProfileSlice.Sample(timestamp: sample.timestamp, threadId: sample.threadId, stack: stack))
            if slice.threadNames[sample.threadId] == nil {
                slice.threadNames[sample.threadId] = threadNames[sample.threadId] ?? ""
            }
        }
        return slice
    }
}

/// Samples cut from a ``SampleStore``, with dense frame and stack tables.
struct ProfileSlice {
    struct Sample: Hashable {
        var timestamp: UInt64
        var threadId: Int32
        var stack: Int
    }

    var addresses: [UInt64] = []
    var seenAsLeaf: [Bool] = []
    var stacks: [[Int]] = []
    var samples: [Sample] = []
    var threadNames: [Int32: String] = [:]
}
