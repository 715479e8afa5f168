import SentryCore

/// Frames resolved by the umbrella's ``FrameSymbolizer`` (function, file, line, `in_app`),
/// cached per address. Resolution runs on background threads only: chunks are built on one,
/// and a transaction profile (built as its transaction is sent) takes what the cache has and
/// hands the misses to a background warm-up, so later profiles get names.
final class SymbolCache: Sendable {
    private struct State {
        var frames: [UInt64: Frame?] = [:]
        var pending: Set<UInt64> = []
        var warming = false
    }

    private let symbolizer: (any FrameSymbolizer)?
    private let state = Locked(State())
    /// The most addresses cached.
    static let limit = 100_000

    init(symbolizer: (any FrameSymbolizer)?) { self.symbolizer = symbolizer }

    /// Frames for `addresses`; resolves misses now (call on a background thread).
    func resolve(_ addresses: [UInt64], seenAsLeaf: [Bool]) -> [Frame] {
        var frames = cached(addresses)
        guard let symbolizer else { return frames }
        for index in addresses.indices where frames[index].function == nil {
            let known = state.withLock { $0.frames[addresses[index]] }
            if case .some = known { continue }  // resolved before, to nothing
            let resolved = symbolizer.frame(for: addresses[index], isReturnAddress: !seenAsLeaf[index])
            store(addresses[index], resolved)
            if let resolved { frames[index] = Self.merge(resolved, address: addresses[index]) }
        }
        return frames
    }

    /// Frames for `addresses` from the cache alone; misses are resolved in the background.
    func cachedWarmingMisses(_ addresses: [UInt64], seenAsLeaf: [Bool]) -> [Frame] {
        let frames = cached(addresses)
        guard symbolizer != nil else { return frames }
        let startWarming = state.withLock { state -> Bool in
            for (index, address) in addresses.enumerated() where state.frames[address] == nil {
                state.pending.insert(seenAsLeaf[index] ? address | (1 << 63) : address)
            }
            guard !state.pending.isEmpty, !state.warming else { return false }
            state.warming = true
            return true
        }
        if startWarming { BackgroundThread.start { [self] in warm() } }
        return frames
    }

    private func warm() {
        while true {
            let batch = state.withLock { state -> [UInt64] in
                let batch = Array(state.pending)
                state.pending.removeAll()
                if batch.isEmpty { state.warming = false }
                return batch
            }
            guard !batch.isEmpty, let symbolizer else { return }
            for entry in batch {
                let address = entry & ~(1 << 63)
                store(address, symbolizer.frame(for: address, isReturnAddress: entry & (1 << 63) == 0))
            }
        }
    }

    private func cached(_ addresses: [UInt64]) -> [Frame] {
        state.withLock { state in
            addresses.map { address in
                if case .some(.some(let frame)) = state.frames[address] { return Self.merge(frame, address: address) }
                return Frame(instructionAddress: address)
            }
        }
    }

    private func store(_ address: UInt64, _ frame: Frame?) {
        state.withLock { state in
            if state.frames.count >= Self.limit { state.frames.removeAll(keepingCapacity: true) }
            state.frames[address] = .some(frame)
        }
    }

    /// Only the fields a profile frame carries.
    private static func merge(_ resolved: Frame, address: UInt64) -> Frame {
        Frame(
            function: resolved.function, module: resolved.module, package: resolved.package,
            filename: resolved.filename, absPath: resolved.absPath, lineno: resolved.lineno, inApp: resolved.inApp,
            instructionAddress: address)
    }
}
