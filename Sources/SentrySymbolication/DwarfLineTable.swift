/// A DWARF `.debug_line` reader (versions 2 to 5). A first pass indexes every sequence's
/// address range; a unit's rows are decoded when an address first falls into it, then kept.
/// Every read is bounded: corrupt input yields no answer, never a crash.
final class DwarfLineTable {
    private struct SequenceRange {
        var low: UInt64
        var high: UInt64
        var unit: Int
    }

    private struct Row {
        var address: UInt64
        var line: UInt32
        var file: UInt32
        var isEnd: Bool
    }

    private struct Unit {
        var rows: [Row] = []
        var files: [String?] = []
    }

    private struct Header {
        var version: UInt16 = 0
        var offsetSize = 4
        var addressSize = 8
        var end = 0
        var programStart = 0
        var minimumInstructionLength: UInt64 = 1
        var defaultIsStatement = true
        var lineBase: Int64 = 0
        var lineRange: UInt64 = 1
        var opcodeBase: UInt8 = 1
        var standardLengths: [UInt8] = []
        var files: [String?] = []
    }

    private let data: [UInt8]
    private let lineStrings: [UInt8]
    private let strings: [UInt8]
    private var ranges: [SequenceRange] = []
    private var units: [Int: Unit] = [:]

    /// Indexes `debugLine`; `lineStrings` and `strings` are `.debug_line_str` and `.debug_str`.
    init(debugLine: [UInt8], lineStrings: [UInt8], strings: [UInt8]) {
        data = debugLine
        self.lineStrings = lineStrings
        self.strings = strings
        var offset = 0
        while offset < data.count {
            guard let next = index(unitAt: offset), next > offset else { break }
            offset = next
        }
        ranges.sort { $0.low < $1.low }
    }

    /// How many sequences were indexed.
    var sequenceCount: Int { ranges.count }

    /// The first address of every indexed sequence, ascending (tests and fuzzing look these up).
    var sequenceAddresses: [UInt64] { ranges.map(\.low) }

    /// The file path and line of the link-time `address`.
    func lookup(_ address: UInt64) -> (path: String, line: Int)? {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].low <= address { low = middle + 1 } else { high = middle }
        }
        // Sequences may nest or overlap slightly; look back a few.
        var index = low - 1
        var checked = 0
        while index >= 0, checked < 8 {
            let range = ranges[index]
            if address >= range.low, address < range.high, let found = lookup(address, unit: range.unit) {
                return found
            }
            index -= 1
            checked += 1
        }
        return nil
    }

    private func lookup(_ address: UInt64, unit offset: Int) -> (path: String, line: Int)? {
        let unit: Unit
        if let cached = units[offset] {
            unit = cached
        } else {
            unit = decode(unitAt: offset) ?? Unit()
            units[offset] = unit
        }
        let rows = unit.rows
        var low = 0
        var high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle].address <= address { low = middle + 1 } else { high = middle }
        }
        var index = low - 1
        guard index >= 0, !rows[index].isEnd else { return nil }
        // Line 0 marks compiler-made code: use the closest real line before it in the sequence.
        while index >= 0, rows[index].line == 0, !rows[index].isEnd { index -= 1 }
        guard index >= 0, !rows[index].isEnd else { return nil }
        let row = rows[index]
        guard Int(row.file) < unit.files.count, let path = unit.files[Int(row.file)] else { return nil }
        return (path, Int(row.line))
    }

    // MARK: Decoding

    private func index(unitAt offset: Int) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            guard let header = readHeader(raw, at: offset, wantFiles: false) else { return nil }
            var sequenceStart: UInt64?
            run(raw, header) { address, _, _, isEnd in
                if isEnd {
                    if let start = sequenceStart, Self.isLive(start), address > start {
                        ranges.append(SequenceRange(low: start, high: address, unit: offset))
                    }
                    sequenceStart = nil
                } else if sequenceStart == nil {
                    sequenceStart = address
                }
            }
            return header.end
        }
    }

    private func decode(unitAt offset: Int) -> Unit? {
        data.withUnsafeBytes { raw -> Unit? in
            guard let header = readHeader(raw, at: offset, wantFiles: true) else { return nil }
            var rows: [Row] = []
            var sequence: [Row] = []
            run(raw, header) { address, line, file, isEnd in
                sequence.append(Row(address: address, line: line, file: file, isEnd: isEnd))
                if isEnd {
                    if let first = sequence.first, Self.isLive(first.address) { rows += sequence }
                    sequence.removeAll(keepingCapacity: true)
                }
            }
            // An end marker sorts before a row starting at the same address.
            rows.sort { $0.address != $1.address ? $0.address < $1.address : ($0.isEnd && !$1.isEnd) }
            return Unit(rows: rows, files: header.files)
        }
    }

    /// Sequences of discarded functions are left at address 0 or a tombstone value.
    private static func isLive(_ address: UInt64) -> Bool { address != 0 && address < 0xffff_ffff_ffff_f000 }

    private func readHeader(_ raw: UnsafeRawBufferPointer, at offset: Int, wantFiles: Bool) -> Header? {
        var reader = ByteReader(raw, offset: offset)
        var header = Header()
        var length = UInt64(reader.u32())
        if length == 0xffff_ffff {
            header.offsetSize = 8
            length = reader.u64()
        } else if length >= 0xffff_fff0 {
            return nil
        }
        guard !reader.failed, let unitLength = Int(exactly: length), unitLength <= reader.remaining else { return nil }
        header.end = reader.offset + unitLength
        // Every header field lies inside the unit: read it through a reader that ends there.
        let unit = UnsafeRawBufferPointer(rebasing: raw[0..<header.end])
        reader = ByteReader(unit, offset: reader.offset)
        header.version = reader.u16()
        guard (2...5).contains(header.version) else { return nil }
        if header.version >= 5 {
            header.addressSize = Int(reader.u8())
            _ = reader.u8()  // segment selector size
        }
        let headerLength = reader.unsigned(size: header.offsetSize)
        guard !reader.failed, let programOffset = Int(exactly: headerLength), programOffset <= reader.remaining else {
            return nil
        }
        header.programStart = reader.offset + programOffset
        header.minimumInstructionLength = UInt64(reader.u8())
        if header.version >= 4 { _ = reader.u8() }  // maximum operations per instruction
        header.defaultIsStatement = reader.u8() != 0
        header.lineBase = Int64(Int8(bitPattern: reader.u8()))
        header.lineRange = UInt64(reader.u8())
        header.opcodeBase = reader.u8()
        guard !reader.failed, header.lineRange > 0, header.opcodeBase > 0 else { return nil }
        for _ in 1..<Int(header.opcodeBase) { header.standardLengths.append(reader.u8()) }
        guard !reader.failed else { return nil }
        if wantFiles {
            header.files = header.version >= 5 ? readFilesV5(&reader, header) : readFilesV4(&reader)
        }
        return header
    }

    private func readFilesV4(_ reader: inout ByteReader) -> [String?] {
        var directories: [String] = []
        while let range = reader.cString(), !range.isEmpty { directories.append(reader.string(range)) }
        // File numbers start at 1 before DWARF 5: slot 0 stays empty.
        var files: [String?] = [nil]
        while let range = reader.cString(), !range.isEmpty {
            let name = reader.string(range)
            let directory = reader.uleb()
            _ = reader.uleb()  // modification time
            _ = reader.uleb()  // length
            if reader.failed { break }
            let known = directory > 0 && directory <= UInt64(directories.count)
            files.append(Self.join(known ? directories[Int(directory) - 1] : nil, name))
        }
        return files
    }

    private func readFilesV5(_ reader: inout ByteReader, _ header: Header) -> [String?] {
        func formats() -> [(content: UInt64, form: UInt64)] {
            let count = Int(reader.u8())
            return (0..<count).map { _ in (reader.uleb(), reader.uleb()) }
        }
        let directoryFormats = formats()
        // Every entry takes at least one byte (an entry of no fields names nothing).
        let directoryCount = min(Int(clamping: reader.uleb()), 1 << 20, reader.remaining)
        var directories: [String?] = []
        for _ in 0..<directoryCount where !reader.failed {
            var path: String?
            for format in directoryFormats {
                let value = readForm(&reader, form: format.form, header: header)
                if format.content == 1 { path = value }
            }
            directories.append(path)
        }
        let fileFormats = formats()
        let fileCount = min(Int(clamping: reader.uleb()), 1 << 20, reader.remaining)
        var files: [String?] = []
        for _ in 0..<fileCount where !reader.failed {
            var name: String?
            var directory = 0
            for format in fileFormats {
                if format.content == 2 {
                    directory = Int(clamping: readNumber(&reader, form: format.form))
                } else {
                    let value = readForm(&reader, form: format.form, header: header)
                    if format.content == 1 { name = value }
                }
            }
            files.append(name.map { Self.join(directory < directories.count ? directories[directory] : nil, $0) })
        }
        return reader.failed ? [] : files
    }

    private func readNumber(_ reader: inout ByteReader, form: UInt64) -> UInt64 {
        switch form {
        case 0x0b: return UInt64(reader.u8())
        case 0x05: return UInt64(reader.u16())
        case 0x06: return UInt64(reader.u32())
        case 0x07: return reader.u64()
        case 0x0f: return reader.uleb()
        default:
            _ = readForm(&reader, form: form, header: Header())
            return 0
        }
    }

    /// Reads one attribute value; returns it when it is a string.
    private func readForm(_ reader: inout ByteReader, form: UInt64, header: Header) -> String? {
        switch form {
        case 0x08:  // string
            return reader.cString().map { reader.string($0) }
        case 0x0e:  // strp
            let offset = Int(clamping: reader.unsigned(size: header.offsetSize))
            return strings.withUnsafeBytes { ByteReader.cString(in: $0, at: offset) }
        case 0x1f:  // line_strp
            let offset = Int(clamping: reader.unsigned(size: header.offsetSize))
            return lineStrings.withUnsafeBytes { ByteReader.cString(in: $0, at: offset) }
        case 0x0b, 0x25: reader.skip(1)
        case 0x05, 0x26: reader.skip(2)
        case 0x27: reader.skip(3)
        case 0x06, 0x28: reader.skip(4)
        case 0x07: reader.skip(8)
        case 0x1e: reader.skip(16)
        case 0x0f, 0x1a: _ = reader.uleb()
        case 0x0d: _ = reader.sleb()
        case 0x09: reader.skip(Int(clamping: reader.uleb()))
        case 0x0a: reader.skip(Int(reader.u8()))
        default: reader.skip(Int.max)  // unknown form: give up on this header
        }
        return nil
    }

    private static func join(_ directory: String?, _ name: String) -> String {
        guard let directory, !directory.isEmpty, !name.hasPrefix("/") else { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Runs the line-number program, reporting each row (address, line, file, end of sequence).
    private func run(_ raw: UnsafeRawBufferPointer, _ header: Header, _ emit: (UInt64, UInt32, UInt32, Bool) -> Void) {
        let slice = UnsafeRawBufferPointer(rebasing: raw[0..<min(header.end, raw.count)])
        var reader = ByteReader(slice, offset: header.programStart)
        let firstFile: UInt64 = header.version >= 5 ? 0 : 1
        var address: UInt64 = 0
        var line: Int64 = 1
        var file = firstFile
        let minimum = header.minimumInstructionLength
        let opcodeBase = UInt64(header.opcodeBase)
        func reset() {
            address = 0
            line = 1
            file = firstFile
        }
        func row(_ isEnd: Bool) {
            emit(address, UInt32(clamping: max(0, line)), UInt32(clamping: file), isEnd)
        }
        while !reader.isAtEnd {
            let opcode = UInt64(reader.u8())
            if opcode >= opcodeBase {
                let adjusted = opcode - opcodeBase
                address &+= (adjusted / header.lineRange) &* minimum
                line &+= header.lineBase + Int64(adjusted % header.lineRange)
                row(false)
                continue
            }
            switch opcode {
            case 0:
                let length = Int(clamping: reader.uleb())
                let start = reader.offset
                guard length > 0 else { continue }
                // A length past the unit ends the program (and `start + length` cannot overflow).
                guard length <= reader.remaining else { return }
                let sub = reader.u8()
                switch sub {
                case 1:
                    row(true)
                    reset()
                case 2 where length - 1 == 4 || length - 1 == 8: address = reader.unsigned(size: length - 1)
                default: break
                }
                reader.seek(start + length)
            case 1: row(false)
            case 2: address &+= reader.uleb() &* minimum
            case 3: line &+= reader.sleb()
            case 4: file = reader.uleb()
            case 5: _ = reader.uleb()
            case 6, 7, 10, 11: break
            case 8: address &+= ((255 - opcodeBase) / header.lineRange) &* minimum
            case 9: address &+= UInt64(reader.u16())
            case 12: _ = reader.uleb()
            default:
                let index = Int(opcode) - 1
                let count = index < header.standardLengths.count ? Int(header.standardLengths[index]) : 0
                for _ in 0..<count { _ = reader.uleb() }
            }
        }
    }
}
