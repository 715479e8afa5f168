package import SentryCore

/// Symbolicates the frames of captured stacks (those with an `instruction_addr` and no function
/// yet) in this process, trims the SDK's frames from their top, and lists in `debug_meta` only
/// the images the frames point into. Events that already carry debug images (crash reports from
/// an earlier run) are left alone. A stack seen before is filled from a cache.
package struct SymbolicatingEventProcessor: InPlaceEventProcessor {
    private let symbolicator: Symbolicator
    private let rules: FrameSymbolication
    private let stacks = SymbolicatedStackCache()

    /// Creates the processor.
    package init(symbolicator: Symbolicator = .shared, rules: FrameSymbolication = FrameSymbolication()) {
        self.symbolicator = symbolicator
        self.rules = rules
    }

    /// Symbolicates the exceptions' and threads' stacks.
    package func process(_ event: inout Event, hint: CaptureHint) -> Bool {
        guard event.debugImages.isEmpty else { return true }
        let generation = symbolicator.imageGeneration
        var images: [[DebugImage]] = []
        for index in event.exceptions.indices {
            guard let stacktrace = event.exceptions[index].stacktrace else { continue }
            let isCrash = event.exceptions[index].mechanism?.type == "signalhandler"
            let entry = symbolicated(stacktrace.frames, trim: !isCrash, generation: generation)
            event.exceptions[index].stacktrace?.frames = entry.frames
            images.append(entry.debugImages)
        }
        for index in event.threads.indices {
            guard let stacktrace = event.threads[index].stacktrace else { continue }
            let entry = symbolicated(stacktrace.frames, trim: true, generation: generation)
            event.threads[index].stacktrace?.frames = entry.frames
            images.append(entry.debugImages)
        }
        if images.count == 1 {
            event.debugImages = images[0]
        } else if images.count > 1 {
            let addresses = event.exceptions.compactMap(\.stacktrace) + event.threads.compactMap(\.stacktrace)
            event.debugImages = symbolicator.debugImages(containing: addresses.lazy.flatMap(\.frames).compactMap(\.instructionAddress))
        }
        return true
    }

    private func symbolicated(_ frames: [Frame], trim: Bool, generation: UInt64) -> SymbolicatedStackCache.Entry {
        let key = SymbolicatedStackCache.key(of: frames, trimmed: trim)
        if let key, let known = stacks.entry(for: key, generation: generation) { return known }
        var frames = frames
        let pending = frames.indices.filter { frames[$0].instructionAddress != nil && frames[$0].function == nil }
        if !pending.isEmpty {
            let resolved = symbolicator.resolve(returnAddresses: pending.map { frames[$0].instructionAddress ?? 0 })
            for (index, result) in zip(pending, resolved) { rules.fill(&frames[index], from: result) }
        }
        if trim { FrameSymbolication.trimSDKFrames(&frames) }
        let entry = SymbolicatedStackCache.Entry(
            frames: frames, debugImages: symbolicator.debugImages(containing: frames.lazy.compactMap(\.instructionAddress)))
        if let key { stacks.store(entry, for: key, generation: generation) }
        return entry
    }
}
