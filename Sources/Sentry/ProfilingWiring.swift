// Profiling, wired: the profiler (SentryProfiling) meets the tracer through SentryCore's
// `ProfilingRegistry`, sends chunks through the client, and symbolicates locally through the
// process's Symbolicator (SentrySymbolication) behind SentryCore's `FrameSymbolizer`.
import SentryProfiling
import SentryScope
import SentrySymbolication

enum ProfilingWiring {
    /// Installs the profiler the options ask for (if any) and returns what stops it at close.
    static func install(options: Options, client: SentryClient, recorder: any DiscardRecorder) -> [@Sendable () -> Void] {
        // A restart replaces the previous SDK's profiler.
        (ProfilingRegistry.install(nil) as? SentryProfiler)?.close()
        guard
            let profiler = SentryProfiler(
                options: options, sdk: client.sdk, recorder: recorder, symbolizer: SymbolicatorFrames(options: options),
                send: { client.send($0) })
        else { return [] }
        ProfilingRegistry.install(profiler)
        return [{
            if ProfilingRegistry.current as? SentryProfiler === profiler { ProfilingRegistry.install(nil) }
            profiler.close()
        }]
    }
}

/// Local symbolication for profile frames: the SDK's ELF/DWARF symbolicator and in-app rules.
struct SymbolicatorFrames: FrameSymbolizer {
    let symbolicator = Symbolicator.shared
    let rules: FrameSymbolication

    init(options: Options) { rules = FrameSymbolication(options: options) }

    func frame(for address: UInt64, isReturnAddress: Bool) -> Frame? {
        guard let resolved = symbolicator.resolve(address, isReturnAddress: isReturnAddress) else { return nil }
        var frame = Frame(instructionAddress: address)
        rules.fill(&frame, from: resolved)
        return frame
    }
}
