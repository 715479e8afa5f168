package import SentryCore

/// Symbolicates the frames of captured stacks (those with an `instruction_addr` and no function
/// yet) in this process, trims the SDK's frames from their top, and lists in `debug_meta` only
/// the images the frames point into. Events that already carry debug images (crash reports from
/// an earlier run) are left alone.
package struct SymbolicatingEventProcessor: EventProcessor {
    private let symbolicator: Symbolicator
    private let rules: FrameSymbolication
    private let filled = FilledFrameCache()

    /// Creates the processor.
    package init(symbolicator: Symbolicator = .shared, rules: FrameSymbolication = FrameSymbolication()) {
        self.symbolicator = symbolicator
        self.rules = rules
    }

    /// Symbolicates the exceptions' and threads' stacks.
    package func process(_ event: Event, hint: CaptureHint) -> Event? {
        guard event.debugImages.isEmpty else { return event }
        var event = event
        var addresses: [UInt64] = []
        let generation = symbolicator.imageGeneration
        for index in event.exceptions.indices {
            guard var stacktrace = event.exceptions[index].stacktrace else { continue }
            event.exceptions[index].stacktrace = nil  // so the frames are not copied when written
            let isCrash = event.exceptions[index].mechanism?.type == "signalhandler"
            symbolicate(&stacktrace, trim: !isCrash, addresses: &addresses, generation: generation)
            event.exceptions[index].stacktrace = stacktrace
        }
        for index in event.threads.indices {
            guard var stacktrace = event.threads[index].stacktrace else { continue }
            event.threads[index].stacktrace = nil
            symbolicate(&stacktrace, trim: true, addresses: &addresses, generation: generation)
            event.threads[index].stacktrace = stacktrace
        }
        if !addresses.isEmpty { event.debugImages = symbolicator.debugImages(containing: addresses) }
        return event
    }

    private func symbolicate(_ stacktrace: inout Stacktrace, trim: Bool, addresses: inout [UInt64], generation: UInt64) {
        let pending = stacktrace.frames.indices.filter {
            stacktrace.frames[$0].instructionAddress != nil && stacktrace.frames[$0].function == nil
        }
        let unknown = pending.isEmpty ? [] : filled.fill(&stacktrace.frames, at: pending, generation: generation)
        if !unknown.isEmpty {
            let bare = unknown.filter { FilledFrameCache.isBare(stacktrace.frames[$0]) }
            let resolved = symbolicator.resolve(returnAddresses: unknown.map { stacktrace.frames[$0].instructionAddress ?? 0 })
            for (index, result) in zip(unknown, resolved) { rules.fill(&stacktrace.frames[index], from: result) }
            filled.store(bare.map { stacktrace.frames[$0] }, generation: generation)
        }
        if trim { FrameSymbolication.trimSDKFrames(&stacktrace.frames) }
        addresses += stacktrace.frames.compactMap(\.instructionAddress)
    }
}
