public import SentryCore

/// Makes captured stacks readable: function names (demangled Swift), modules, files and lines
/// from the binaries' own `.symtab` and DWARF line tables, `in_app`, SDK frames trimmed, and the
/// `debug_meta` images the frames point into so Sentry can symbolicate on the server too.
/// Default on. The main executable's tables are read in the background at install.
public struct SymbolicationIntegration: Integration {
    private let symbolicator: Symbolicator

    /// Creates the integration, with the process-wide symbolicator.
    public init() { self.init(symbolicator: .shared) }

    /// Creates the integration with its own `symbolicator` (tests).
    package init(symbolicator: Symbolicator) { self.symbolicator = symbolicator }

    /// `symbolication`.
    public var name: String { "symbolication" }

    /// Returns the symbolicating event processor and warms the main executable's tables up.
    public func install(options: Options) -> InstalledIntegration? {
        let symbolicator = symbolicator
        BackgroundThread.start(name: "sentry-symbols") {
            if let main = symbolicator.loadedImages().first(where: \.isMainExecutable) {
                symbolicator.preload(path: main.path, buildId: main.buildId)
            }
        }
        return InstalledIntegration(
            eventProcessor: SymbolicatingEventProcessor(symbolicator: symbolicator, rules: FrameSymbolication(options: options)))
    }
}
