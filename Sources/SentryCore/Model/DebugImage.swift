/// A loaded binary image, so the server can symbolicate addresses (`debug_meta.images[]`).
package struct DebugImage: Sendable, Hashable, JSONEncodable {
    /// The image kind: `elf` on Linux.
    package var type: String
    /// The absolute path of the executable or shared object.
    package var codeFile: String?
    /// The debug identifier (for ELF derived from the build-id, see ``debugId(fromBuildId:)``).
    package var debugId: String?
    /// The full GNU build-id, lowercase hex.
    package var codeId: String?
    /// The load address.
    package var imageAddress: UInt64
    /// The size in memory.
    package var imageSize: UInt64?
    /// The preferred load address from the headers.
    package var imageVmAddress: UInt64?
    /// A separate debug file's name.
    package var debugFile: String?
    /// The CPU architecture, e.g. `x86_64`.
    package var arch: String?

    /// Creates an image entry.
    package init(
        type: String = "elf", codeFile: String? = nil, debugId: String? = nil, codeId: String? = nil,
        imageAddress: UInt64, imageSize: UInt64? = nil, imageVmAddress: UInt64? = nil, debugFile: String? = nil,
        arch: String? = nil
    ) {
        self.type = type
        self.codeFile = codeFile
        self.debugId = debugId
        self.codeId = codeId
        self.imageAddress = imageAddress
        self.imageSize = imageSize
        self.imageVmAddress = imageVmAddress
        self.debugFile = debugFile
        self.arch = arch
    }

    /// Derives an ELF `debug_id` from a GNU build-id as Sentry's tools do: the first 16 bytes
    /// (zero-padded) read as a little-endian GUID, printed as a dashed UUID.
    package static func debugId(fromBuildId buildId: [UInt8]) -> String {
        var bytes = Array(buildId.prefix(16))
        bytes += [UInt8](repeating: 0, count: 16 - bytes.count)
        bytes[0..<4].reverse()
        bytes[4..<6].reverse()
        bytes[6..<8].reverse()
        let hex = bytes.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
            .joined(separator: "-")
    }

    /// Writes the image object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("type", type)
            w.field("code_file", codeFile)
            w.field("debug_id", debugId)
            w.field("code_id", codeId)
            w.addressField("image_addr", imageAddress)
            w.field("image_size", imageSize)
            w.addressField("image_vmaddr", imageVmAddress)
            w.field("debug_file", debugFile)
            w.field("arch", arch)
        }
    }
}
