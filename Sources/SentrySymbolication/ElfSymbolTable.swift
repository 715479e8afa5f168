/// The function symbols of one ELF file (`.symtab`, or `.dynsym` when stripped), sorted by
/// address for binary search. Names stay in the string table until asked for.
struct ElfSymbolTable {
    private var starts: [UInt64] = []
    private var sizes: [UInt64] = []
    private var nameOffsets: [UInt32] = []
    private var strings: [UInt8] = []

    /// Whether the table came from the full `.symtab` (not only the exported `.dynsym`).
    private(set) var isFull = false

    var count: Int { starts.count }

    init() {}

    init(file: ElfFile) {
        for (tableName, full) in [(".symtab", true), (".dynsym", false)] {
            // `sh_entsize` comes from the file: an `Elf64_Sym` is 24 bytes, anything past 64 KiB is corrupt.
            guard let table = file.section(named: tableName), table.entrySize >= 24, table.entrySize <= 1 << 16,
                Int(table.link) < file.sections.count,
                let symbols = file.contents(of: table), let names = file.contents(of: file.sections[Int(table.link)])
            else { continue }
            load(symbols: symbols, entrySize: Int(table.entrySize), strings: names)
            if !starts.isEmpty {
                isFull = full
                return
            }
        }
    }

    /// Reads the symbols of a `.symtab` or `.dynsym` blob whose entries are `entrySize` bytes.
    init(symbols: [UInt8], entrySize: UInt64, strings: [UInt8]) {
        guard entrySize >= 24, entrySize <= 1 << 16 else { return }
        load(symbols: symbols, entrySize: Int(entrySize), strings: strings)
    }

    private mutating func load(symbols: [UInt8], entrySize: Int, strings: [UInt8]) {
        var entries: [(start: UInt64, size: UInt64, name: UInt32)] = []
        symbols.withUnsafeBytes { raw in
            let count = raw.count / entrySize
            entries.reserveCapacity(count / 2)
            for index in 0..<count {
                var reader = ByteReader(raw, offset: index * entrySize)
                let name = reader.u32()
                let info = reader.u8()
                _ = reader.u8()
                let sectionIndex = reader.u16()
                let value = reader.u64()
                let size = reader.u64()
                let kind = info & 0xf
                guard !reader.failed, kind == 2 /* FUNC */ || kind == 10 /* GNU_IFUNC */, sectionIndex != 0, value != 0,
                    name != 0, Int(name) < strings.count
                else { continue }
                entries.append((value, size, name))
            }
        }
        entries.sort { $0.start != $1.start ? $0.start < $1.start : $0.size > $1.size }
        starts.reserveCapacity(entries.count)
        for entry in entries where starts.last != entry.start {
            starts.append(entry.start)
            sizes.append(entry.size)
            nameOffsets.append(entry.name)
        }
        self.strings = strings
    }

    /// The symbol covering the link-time `address`: its index, start and raw (mangled) name.
    func lookup(_ address: UInt64) -> (index: Int, start: UInt64)? {
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= address { low = middle + 1 } else { high = middle }
        }
        let index = low - 1
        guard index >= 0 else { return nil }
        let size = sizes[index]
        if size > 0, address - starts[index] >= size { return nil }
        if size == 0, index + 1 < starts.count, address >= starts[index + 1] { return nil }
        return (index, starts[index])
    }

    /// The raw name of the symbol at `index`.
    func name(at index: Int) -> String? {
        guard index >= 0, index < nameOffsets.count else { return nil }
        return strings.withUnsafeBytes { ByteReader.cString(in: $0, at: Int(nameOffsets[index])) }
    }
}
