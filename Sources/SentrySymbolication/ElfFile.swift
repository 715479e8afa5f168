#if canImport(Glibc)
import Glibc
#endif

/// An ELF file on disk, read with `pread` (never mapped: a file truncated under a mapping would
/// raise SIGBUS on the next read, and symbolication must never crash). 64-bit little-endian only;
/// every offset is validated.
final class ElfFile {
    /// One section header.
    struct Section {
        var name: String
        var type: UInt32
        var flags: UInt64
        var offset: UInt64
        var size: UInt64
        var link: UInt32
        var entrySize: UInt64
    }

    static let maxSectionSize: UInt64 = 512 * 1024 * 1024
    static let compressedFlag: UInt64 = 0x800  // SHF_COMPRESSED

    /// Where the bytes come from: an open file, or memory (tests, fuzzing).
    private enum Storage {
        case descriptor(Int32)
        case memory([UInt8])
    }

    let path: String
    let sections: [Section]
    private let storage: Storage
    private let fileSize: UInt64

    private init(path: String, storage: Storage, fileSize: UInt64, sections: [Section]) {
        self.path = path
        self.storage = storage
        self.fileSize = fileSize
        self.sections = sections
    }

    deinit {
        if case .descriptor(let descriptor) = storage { close(descriptor) }
    }

    /// Opens and validates `path`; `nil` for anything that is not a readable 64-bit LE ELF file.
    /// A crash file can name any path as an image: only regular files are opened (a FIFO would
    /// block `open`, a device could have side effects), and never blocking.
    static func open(path: String) -> ElfFile? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size >= 64 else {
            close(descriptor)
            return nil
        }
        let fileSize = UInt64(status.st_size)
        let storage = Storage.descriptor(descriptor)
        guard let sections = readSections(storage, fileSize: fileSize) else {
            close(descriptor)
            return nil
        }
        return ElfFile(path: path, storage: storage, fileSize: fileSize, sections: sections)
    }

    /// Validates an ELF image held in memory; `nil` as for ``open(path:)``.
    static func parse(bytes: [UInt8], path: String = "") -> ElfFile? {
        guard bytes.count >= 64 else { return nil }
        let storage = Storage.memory(bytes)
        let fileSize = UInt64(bytes.count)
        guard let sections = readSections(storage, fileSize: fileSize) else { return nil }
        return ElfFile(path: path, storage: storage, fileSize: fileSize, sections: sections)
    }

    private static func read(_ storage: Storage, offset: UInt64, count: Int, fileSize: UInt64) -> [UInt8]? {
        guard count >= 0, offset <= fileSize, UInt64(count) <= fileSize - offset else { return nil }
        let descriptor: Int32
        switch storage {
        case .memory(let bytes):
            // `fileSize` is `bytes.count`, so both ends are valid indices.
            let start = Int(offset)
            return Array(bytes[start..<start + count])
        case .descriptor(let file): descriptor = file
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { return nil }
            done += result
        }
        return bytes
    }

    private static func readSections(_ storage: Storage, fileSize: UInt64) -> [Section]? {
        guard let header = read(storage, offset: 0, count: 64, fileSize: fileSize) else { return nil }
        return header.withUnsafeBytes { raw -> [Section]? in
            var reader = ByteReader(raw)
            guard reader.u32() == 0x464c_457f, reader.u8() == 2 /* ELFCLASS64 */, reader.u8() == 1 /* LE */ else {
                return nil
            }
            reader.seek(0x28)
            let sectionOffset = reader.u64()
            reader.seek(0x3a)
            let entrySize = Int(reader.u16())
            var count = Int(reader.u16())
            var namesIndex = Int(reader.u16())
            guard !reader.failed, sectionOffset > 0, entrySize >= 64 else { return nil }
            if count == 0 || namesIndex == 0xffff {
                // Extended numbering: the real values sit in section 0.
                guard let first = read(storage, offset: sectionOffset, count: 64, fileSize: fileSize) else { return nil }
                first.withUnsafeBytes { raw in
                    var zero = ByteReader(raw)
                    zero.seek(0x20)
                    let size = zero.u64()
                    let link = zero.u32()
                    if count == 0 { count = Int(min(size, 1 << 20)) }
                    if namesIndex == 0xffff { namesIndex = Int(link) }
                }
            }
            guard count > 0, count < 1 << 20, namesIndex < count,
                let table = read(storage, offset: sectionOffset, count: count * entrySize, fileSize: fileSize)
            else { return nil }
            var raw: [(nameOffset: UInt32, section: Section)] = []
            raw.reserveCapacity(count)
            table.withUnsafeBytes { bytes in
                for index in 0..<count {
                    var entry = ByteReader(bytes, offset: index * entrySize)
                    let name = entry.u32()
                    let type = entry.u32()
                    let flags = entry.u64()
                    _ = entry.u64()  // address
                    let offset = entry.u64()
                    let size = entry.u64()
                    let link = entry.u32()
                    _ = entry.u32()  // info
                    _ = entry.u64()  // alignment
                    let entrySize = entry.u64()
                    raw.append((name, Section(name: "", type: type, flags: flags, offset: offset, size: size, link: link, entrySize: entrySize)))
                }
            }
            let names = raw[namesIndex].section
            let nameTable = names.type == 8 /* NOBITS */ || names.size > 16 * 1024 * 1024 ? nil
                : read(storage, offset: names.offset, count: Int(names.size), fileSize: fileSize)
            return raw.map { entry in
                var section = entry.section
                section.name = nameTable?.withUnsafeBytes { ByteReader.cString(in: $0, at: Int(entry.nameOffset)) } ?? ""
                return section
            }
        }
    }

    /// The first section called `name`.
    func section(named name: String) -> Section? { sections.first { $0.name == name } }

    /// A section's bytes; `nil` when absent from the file (NOBITS), compressed, or out of bounds.
    func contents(of section: Section) -> [UInt8]? {
        guard section.type != 8, section.flags & Self.compressedFlag == 0, section.size <= Self.maxSectionSize else {
            return nil
        }
        return Self.read(storage, offset: section.offset, count: Int(section.size), fileSize: fileSize)
    }

    /// The named section's bytes.
    func contents(named name: String) -> [UInt8]? { section(named: name).flatMap(contents(of:)) }

    /// The GNU build-id from the file's note sections.
    func buildId() -> [UInt8]? {
        for section in sections where section.type == 7 /* NOTE */ && section.size <= 64 * 1024 {
            guard let bytes = contents(of: section) else { continue }
            if let id = Self.buildId(inNotes: bytes) { return id }
        }
        return nil
    }

    /// Finds the `NT_GNU_BUILD_ID` note in a notes blob.
    static func buildId(inNotes notes: [UInt8]) -> [UInt8]? {
        notes.withUnsafeBytes { raw -> [UInt8]? in
            var reader = ByteReader(raw)
            while reader.remaining >= 12 {
                let nameSize = Int(reader.u32())
                let descriptionSize = Int(reader.u32())
                let type = reader.u32()
                let nameStart = reader.offset
                reader.skip((nameSize + 3) & ~3)
                let descriptionStart = reader.offset
                reader.skip((descriptionSize + 3) & ~3)
                guard !reader.failed else { return nil }
                if type == 3, nameSize == 4, Array(raw[nameStart..<nameStart + 4]) == [0x47, 0x4e, 0x55, 0] {
                    return Array(raw[descriptionStart..<descriptionStart + descriptionSize])
                }
            }
            return nil
        }
    }
}
