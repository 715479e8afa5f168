package import SentryCore

/// Symbolicates the frames of captured stacks (those with an `instruction_addr` and no function
/// yet) in this process, trims the SDK's frames from their top, and lists in `debug_meta` only
/// the images the frames point into. Events that already carry debug images (crash reports from
/// an earlier run) are left alone.
package struct SymbolicatingEventProcessor: EventProcessor {
    private let symbolicator: Symbolicator
    private let rules: FrameSymbolication

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
        for index in event.exceptions.indices {
            guard var stacktrace = event.exceptions[index].stacktrace else { continue }
            let isCrash = event.exceptions[index].mechanism?.type == "signalhandler"
            symbolicate(&stacktrace, trim: !isCrash, addresses: &addresses)
            event.exceptions[index].stacktrace = stacktrace
        }
        for index in event.threads.indices {
            guard var stacktrace = event.threads[index].stacktrace else { continue }
            symbolicate(&stacktrace, trim: true, addresses: &addresses)
            event.threads[index].stacktrace = stacktrace
        }
        if !addresses.isEmpty { event.debugImages = symbolicator.debugImages(containing: addresses) }
        return event
    }

    private func symbolicate(_ stacktrace: inout Stacktrace, trim: Bool, addresses: inout [UInt64]) {
        let pending = stacktrace.frames.indices.filter {
            stacktrace.frames[$0].instructionAddress != nil && stacktrace.frames[$0].function == nil
        }
        if !pending.isEmpty {
            let resolved = symbolicator.resolve(returnAddresses: pending.map { stacktrace.frames[$0].instructionAddress ?? 0 })
            for (index, result) in zip(pending, resolved) { rules.fill(&stacktrace.frames[index], from: result) }
        }
        if trim { FrameSymbolication.trimSDKFrames(&stacktrace.frames) }
        addresses += stacktrace.frames.compactMap(\.instructionAddress)
    }
}
