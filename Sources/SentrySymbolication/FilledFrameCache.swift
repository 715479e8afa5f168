package import SentryCore

/// The frames a ``SymbolicatingEventProcessor`` filled, by return address: a stack seen before
/// (the same throw site, the same request handler) is filled by one dictionary lookup per frame
/// instead of a symbol lookup, a `Frame` fill and the in-app rules. Emptied when the process loads
/// or unloads an image (an address may then mean something else), and when it holds ``limit``.
final class FilledFrameCache: Sendable {
    /// At most this many addresses are kept.
    static let limit = 20_000

    private struct State {
        var generation: UInt64 = .max
        var frames: [UInt64: Frame] = [:]
    }

    private let state = Locked(State())

    /// Whether `frame` holds nothing but its address, so that filling it depends on the address
    /// alone (what the throw hook and stack captures make).
    static func isBare(_ frame: Frame) -> Bool {
        frame.function == nil && frame.rawFunction == nil && frame.module == nil && frame.package == nil
            && frame.absPath == nil && frame.filename == nil && frame.lineno == nil && frame.symbolAddress == nil
            && frame.imageAddress == nil && frame.inApp == nil
    }

    /// Replaces each bare frame of `frames` at `indices` with its cached fill; returns the indices
    /// it did not know. `generation` is the image list's (``Symbolicator/imageGeneration``).
    func fill(_ frames: inout [Frame], at indices: [Int], generation: UInt64) -> [Int] {
        state.withLock { state in
            if state.generation != generation {
                state.frames.removeAll(keepingCapacity: true)
                state.generation = generation
            }
            var unknown: [Int] = []
            for index in indices {
                if let address = frames[index].instructionAddress, Self.isBare(frames[index]),
                   let filled = state.frames[address] {
                    frames[index] = filled
                } else {
                    unknown.append(index)
                }
            }
            return unknown
        }
    }

    /// Remembers `frame`, filled from a bare frame at its address.
    func store(_ frames: some Sequence<Frame>, generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            for frame in frames {
                guard let address = frame.instructionAddress else { continue }
                if state.frames.count >= Self.limit { state.frames.removeAll(keepingCapacity: true) }
                state.frames[address] = frame
            }
        }
    }
}
