import Foundation
import SentryCore
import Testing

@testable import SentrySymbolication

/// Corrupt ELF files and `.debug_line` sections yield nothing, never a trap. Every
/// input is written out as measured (each trapped, or hung, before the readers were hardened).
@Suite struct CorruptInputTests {
    static func bytes(hex lines: [String]) -> [UInt8] {
        let text = Array(lines.joined().utf8)
        return stride(from: 0, to: text.count - 1, by: 2).map { UInt8(String(decoding: text[$0...$0 + 1], as: UTF8.self), radix: 16)! }
    }

    static func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-corrupt-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return url
    }

    // MARK: DWARF .debug_line

    /// A unit length of 0 ends the unit before its own version field: the header reader computed
    /// `end - offset` = 4 - 10 and converted it to `UInt64` ("Negative value is not representable").
    @Test func aUnitShorterThanItsHeader() {
        let table = DwarfLineTable(debugLine: [0, 0, 0, 0, 2, 0, 0, 0, 0, 0], lineStrings: [], strings: [])
        #expect(table.sequenceCount == 0)
        #expect(table.lookup(0x1000) == nil)
    }

    /// A DWARF 4 file entry whose directory index is the ULEB 2^63 (`Int(reader.uleb())` trapped
    /// when the unit was decoded for a lookup).
    @Test func aDirectoryIndexPastIntMax() throws {
        let debugLine: [UInt8] = [
            0x39, 0x00, 0x00, 0x00, 0x04, 0x00, 0x22, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0xfb, 0x0e, 0x0d,
            0x00, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x61, 0x00, 0x80,
            0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x09, 0x02, 0x00,
            0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x10, 0x00, 0x01, 0x01,
        ]
        let table = DwarfLineTable(debugLine: debugLine, lineStrings: [], strings: [])
        #expect(table.sequenceCount == 1)
        let found = try #require(table.lookup(0x1000))
        #expect(found.path == "a")
        #expect(found.line == 1)
    }

    /// An extended opcode of length 2^64 - 1, clamped to `Int.max`: `start + length` overflowed.
    @Test func anExtendedOpcodeLengthPastTheUnit() {
        let debugLine: [UInt8] = [
            0x19, 0x00, 0x00, 0x00, 0x02, 0x00, 0x07, 0x00, 0x00, 0x00, 0x01, 0x01, 0xfb, 0x0e, 0x01, 0x00,
            0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01,
        ]
        let table = DwarfLineTable(debugLine: debugLine, lineStrings: [], strings: [])
        #expect(table.sequenceCount == 0)
    }

    /// Fuzz finding (dwarf target): a DWARF 5 file entry with a `sdata` (0x0d) field whose SLEB128
    /// ends after 9 bytes with the sign bit set. Sign extension negated `1 << 63` and trapped.
    @Test func aFuzzedDwarf5HeaderWithANineByteSLEB() {
        let debugLine: [UInt8] = [
            0x46, 0x00, 0x00, 0x00, 0x05, 0x00, 0x08, 0x00, 0x2a, 0x00, 0x00, 0x00, 0xff, 0x18, 0x00, 0x00,
            0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x8d, 0x00, 0xff, 0x09, 0x00, 0x05, 0x13, 0x00,
            0x09, 0x02, 0x11, 0x00, 0x05, 0x11, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x4f, 0x70,
            0x00, 0x04, 0x01, 0x04, 0x01, 0x3c, 0x05, 0x26, 0x13, 0x05, 0x01, 0x00, 0x04, 0x01, 0x04, 0x01,
            0x00, 0x04, 0x04, 0x01, 0x01, 0x01, 0x04, 0x01, 0x04, 0x01,
        ]
        let table = DwarfLineTable(debugLine: debugLine, lineStrings: debugLine, strings: debugLine)
        #expect(!table.sequenceAddresses.isEmpty)
        for address in table.sequenceAddresses { _ = table.lookup(address) }
    }

    @Test func signedLEB128OfNineAndTenBytes() {
        let values: [[UInt8]] = [[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40], [0x7f], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]]
        let decoded = values.map { bytes in bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            return reader.sleb()
        } }
        #expect(decoded == [-(1 << 62), -1, -1])
    }

    // MARK: ELF

    /// A `.symtab` whose `sh_entsize` is 2^63 (`Int(table.entrySize)` trapped).
    @Test func aSymbolTableEntrySizePastIntMax() throws {
        let elf = Self.bytes(hex: [
            "7f454c46020101000000000000000000", "02003e00010000000000000000000000",
            "00000000000000007000000000000000", "00000000400000000000400003000200",
            "002e73796d746162002e737472746162", "00660011000000120001000010000000",
            "00000010000000000000000000000000", "00000000000000000000000000000000",
            "00000000000000000000000000000000", "00000000000000000000000000000000",
            "08000000000000000000000000000000", "01000000020000000000000000000000",
            "00000000000000005300000000000000", "18000000000000000200000000000000",
            "08000000000000000000000000000080", "09000000030000000000000000000000",
            "00000000000000004000000000000000", "13000000000000000000000000000000",
            "08000000000000000000000000000000",
        ])
        let url = try Self.temporaryFile(elf)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try #require(ElfFile.open(path: url.path))
        #expect(file.section(named: ".symtab")?.entrySize == 1 << 63)
        #expect(ElfSymbolTable(file: file).count == 0)
        #expect(ImageSymbols(path: url.path, expectedBuildId: []).symbolCount == 0)
        // The same table with a sane entry size is read.
        var fixed = elf
        fixed[0xef] = 0
        fixed[0xe8] = 24
        #expect(ElfFile.parse(bytes: fixed).map { ElfSymbolTable(file: $0).count } == 1)
    }

    /// A crash file can name any path as an image: a FIFO blocked `open` forever.
    @Test func anImagePathNamingAFifoIsNotOpened() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-fifo-\(UUID().uuidString)").path
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        #expect(ElfFile.open(path: path) == nil)
        #expect(ElfFile.open(path: "/dev/zero") == nil)
    }
}
