#if canImport(Glibc)
import Glibc
#endif

/// One ELF image loaded in a process (the executable, a shared library), as the dynamic linker
/// reports it, with what Sentry needs to symbolicate addresses in it.
package struct LoadedImage: Sendable, Hashable {
    /// The absolute path of the file (the main executable's is read from `/proc/self/exe`).
    package var path: String
    /// The load bias: runtime address = link-time address + bias.
    package var bias: UInt64
    /// The lowest mapped address.
    package var start: UInt64
    /// One past the highest mapped address.
    package var end: UInt64
    /// The lowest link-time address of the image's segments.
    package var vmAddress: UInt64
    /// The GNU build-id (empty when the image has none).
    package var buildId: [UInt8]
    /// Whether this is the process's main executable.
    package var isMainExecutable: Bool

    /// Describes an image.
    package init(
        path: String, bias: UInt64, start: UInt64, end: UInt64, vmAddress: UInt64, buildId: [UInt8],
        isMainExecutable: Bool
    ) {
        self.path = path
        self.bias = bias
        self.start = start
        self.end = end
        self.vmAddress = vmAddress
        self.buildId = buildId
        self.isMainExecutable = isMainExecutable
    }

    /// The image of `images` (sorted by start) that holds `address`.
    package static func image(containing address: UInt64, in images: [LoadedImage]) -> LoadedImage? {
        index(containing: address, in: images).map { images[$0] }
    }

    /// The index in `images` (sorted by start) of the image that holds `address`.
    package static func index(containing address: UInt64, in images: [LoadedImage]) -> Int? {
        var low = 0
        var high = images.count
        while low < high {
            let middle = (low + high) / 2
            if images[middle].start <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0, images[low - 1].contains(address) else { return nil }
        return low - 1
    }

    /// Whether `address` lies in the image.
    package func contains(_ address: UInt64) -> Bool { address >= start && address < end }

    /// The `build-id` as lowercase hex (`code_id`).
    package var codeId: String? { buildId.isEmpty ? nil : Self.hex(buildId) }

    /// The entry for `debug_meta.images`.
    package var debugImage: DebugImage {
        DebugImage(
            type: "elf", codeFile: path, debugId: buildId.isEmpty ? nil : DebugImage.debugId(fromBuildId: buildId),
            codeId: codeId, imageAddress: start, imageSize: end > start ? end - start : 0,
            imageVmAddress: vmAddress == 0 ? nil : vmAddress, arch: Self.architecture)
    }

    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    package static func bytes(fromHex text: Substring) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    /// The main executable's path (`/proc/self/exe`); the dynamic linker reports it as "".
    package static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    package static var architecture: String {
        #if arch(x86_64)
        "x86_64"
        #elseif arch(arm64)
        "aarch64"
        #else
        "unknown"
        #endif
    }
}
