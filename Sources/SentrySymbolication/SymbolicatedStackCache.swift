package import SentryCore

/// Stacks the ``SymbolicatingEventProcessor`` already symbolicated, by their return addresses: an
/// error thrown again from the same place, or a message captured again from the same call site,
/// gets its frames (filled, in-app decided, trimmed) and its debug images in one lookup, sharing
/// one frames buffer. Emptied when the process loads or unloads an image (an address may then
/// mean something else), and when it holds ``limit`` stacks.
final class SymbolicatedStackCache: Sendable {
    /// A symbolicated stack.
    struct Entry: Sendable {
        var frames: [Frame]
        var debugImages: [DebugImage]
    }

    /// At most this many stacks are kept (a stack of 30 frames holds about 5 KB).
    static let limit = 512

    private struct State {
        var generation: UInt64 = .max
        var stacks: [[UInt64]: Entry] = [:]
    }

    private let state = Locked(State())

    /// The key of `frames`: their return addresses and whether the SDK's frames are trimmed; `nil`
    /// when a frame holds more than its address (its fill then depends on more than the address).
    static func key(of frames: [Frame], trimmed: Bool) -> [UInt64]? {
        var key: [UInt64] = []
        key.reserveCapacity(frames.count + 1)
        for frame in frames {
            guard let address = frame.instructionAddress, isBare(frame) else { return nil }
            key.append(address)
        }
        key.append(trimmed ? 1 : 0)
        return key
    }

    /// The stack symbolicated for `key`, at `generation` of the image list (``Symbolicator/imageGeneration``).
    func entry(for key: [UInt64], generation: UInt64) -> Entry? {
        state.withLock { state in
            guard state.generation == generation else { return nil }
            return state.stacks[key]
        }
    }

    /// Remembers a stack symbolicated at `generation`.
    func store(_ entry: Entry, for key: [UInt64], generation: UInt64) {
        state.withLock { state in
            if state.generation != generation {
                state.stacks.removeAll(keepingCapacity: true)
                state.generation = generation
            }
            if state.stacks.count >= Self.limit { state.stacks.removeAll(keepingCapacity: true) }
            state.stacks[key] = entry
        }
    }

    /// Whether `frame` holds nothing but its address (what the throw hook and stack captures make).
    private static func isBare(_ frame: Frame) -> Bool {
        frame.function == nil && frame.rawFunction == nil && frame.module == nil && frame.package == nil
            && frame.absPath == nil && frame.filename == nil && frame.lineno == nil && frame.symbolAddress == nil
            && frame.imageAddress == nil && frame.inApp == nil && frame.vars.isEmpty
    }
}
