package import SentryCore

/// Fills stack frames from resolved addresses and applies the frame rules: which frames are the
/// app's own (`in_app`), and which are the SDK's (trimmed from the top of captured stacks).
package struct FrameSymbolication: Sendable {
    /// Modules of this SDK: their frames are never in-app and are trimmed from a stack's top.
    package static let sdkModules: Set<String> = [
        "Sentry", "SentryCore", "SentryScope", "SentryTransport", "SentryTracing", "SentryProfiling", "SentryMetrics",
        "SentryAI", "SentryIntegrations", "SentrySymbolication", "SentryCrash", "SentryTesting",
    ]
    /// The Swift runtime, standard library and platform modules: never in-app.
    package static let systemModules: Set<String> = [
        "Swift", "_Concurrency", "_StringProcessing", "Synchronization", "Foundation", "FoundationEssentials",
        "FoundationInternationalization", "Dispatch", "Glibc", "Musl", "__C", "XCTest", "Testing", "Distributed",
        "Observation",
    ]

    /// The C runtime's startup code linked into every executable.
    static let startupSymbols: Set<String> = ["_start", "__libc_start_main", "__libc_start_call_main"]

    /// Module prefixes counted as the app's own code (`Options.inAppInclude`).
    package var inAppInclude: [String]
    /// Module prefixes never counted as the app's own code (`Options.inAppExclude`).
    package var inAppExclude: [String]

    /// Creates the rules.
    package init(inAppInclude: [String] = [], inAppExclude: [String] = []) {
        self.inAppInclude = inAppInclude
        self.inAppExclude = inAppExclude
    }

    /// Creates the rules from the SDK options.
    package init(options: Options) {
        self.init(inAppInclude: options.inAppInclude, inAppExclude: options.inAppExclude)
    }

    /// Copies what `resolved` knows into `frame` (keeping what the frame already has) and
    /// decides `in_app`: the main executable's frames and `inAppInclude` modules are in, the Swift
    /// runtime, Foundation, system libraries, the SDK and `inAppExclude` modules are out.
    package func fill(_ frame: inout Frame, from resolved: ResolvedAddress?) {
        if let resolved {
            if frame.function == nil { frame.function = resolved.function }
            if frame.rawFunction == nil { frame.rawFunction = resolved.rawFunction }
            if frame.module == nil { frame.module = resolved.module }
            if frame.package == nil { frame.package = resolved.package }
            if frame.absPath == nil { frame.absPath = resolved.absPath }
            if frame.filename == nil { frame.filename = resolved.filename }
            if frame.lineno == nil { frame.lineno = resolved.lineno }
            if frame.symbolAddress == nil { frame.symbolAddress = resolved.symbolAddress }
            if frame.imageAddress == nil { frame.imageAddress = resolved.imageAddress }
        }
        if frame.inApp == nil { frame.inApp = isInApp(frame, isMainExecutable: resolved?.isMainExecutable ?? false) }
    }

    /// Whether a (filled) frame is the app's own code.
    package func isInApp(_ frame: Frame, isMainExecutable: Bool) -> Bool {
        if let module = frame.module {
            if inAppExclude.contains(where: { module.hasPrefix($0) }) { return false }
            if inAppInclude.contains(where: { module.hasPrefix($0) }) { return true }
            if Self.sdkModules.contains(module) || Self.systemModules.contains(module) { return false }
        }
        if Self.isSDKFrame(frame) { return false }
        if let symbol = frame.rawFunction ?? frame.function, Self.startupSymbols.contains(symbol) { return false }
        return isMainExecutable
    }

    /// Whether the frame is the SDK's: a Swift function of an SDK module or a C helper of ours.
    package static func isSDKFrame(_ frame: Frame) -> Bool {
        if let module = frame.module, sdkModules.contains(module) { return true }
        let symbol = frame.rawFunction ?? frame.function ?? ""
        return symbol.hasPrefix("sentry_")
    }

    /// Drops the SDK's own frames from the newest end of `frames` (oldest first), keeping at least one.
    package static func trimSDKFrames(_ frames: inout [Frame]) {
        while frames.count > 1, let last = frames.last, isSDKFrame(last) { frames.removeLast() }
    }
}
