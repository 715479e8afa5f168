/// The symbol table and line table of one image file, loaded on first use and kept. Used only
/// under ``Symbolicator``'s lock.
final class ImageSymbols {
    /// Whether the file on disk is the image that was loaded (its build-id matches).
    let isUsable: Bool
    private let symbols: ElfSymbolTable
    private let lines: DwarfLineTable?
    private var names: [Int: SymbolName] = [:]

    /// Reads `path`; when `expectedBuildId` is given and the file's differs (the binary was
    /// replaced on disk), nothing is read from it.
    init(path: String, expectedBuildId: [UInt8]) {
        guard let file = ElfFile.open(path: path), expectedBuildId.isEmpty || file.buildId() == expectedBuildId else {
            isUsable = false
            symbols = ElfSymbolTable()
            lines = nil
            return
        }
        isUsable = true
        symbols = ElfSymbolTable(file: file)
        if let debugLine = file.contents(named: ".debug_line") {
            lines = DwarfLineTable(
                debugLine: debugLine, lineStrings: file.contents(named: ".debug_line_str") ?? [],
                strings: file.contents(named: ".debug_str") ?? [])
        } else {
            lines = nil
        }
    }

    /// Whether a line table was found.
    var hasLineTable: Bool { lines != nil }

    /// How many function symbols were found.
    var symbolCount: Int { symbols.count }

    /// The symbol (name and start) covering the link-time `address`.
    func symbol(at address: UInt64) -> (name: SymbolName, start: UInt64)? {
        guard let found = symbols.lookup(address) else { return nil }
        if let name = names[found.index] { return (name, found.start) }
        guard let raw = symbols.name(at: found.index) else { return nil }
        let name = SymbolName(raw: raw)
        names[found.index] = name
        return (name, found.start)
    }

    /// The source file and line of the link-time `address`.
    func line(at address: UInt64) -> (path: String, line: Int)? { lines?.lookup(address) }
}
