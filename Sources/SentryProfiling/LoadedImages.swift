#if canImport(Glibc)
import Glibc
#endif
internal import CSentry
import SentryCore

/// The loaded ELF images (from CSentry's `dl_iterate_phdr` walk), re-read when the dynamic
/// linker's load/unload counters change, so a profile lists exactly the images its frames
/// fall in, with their `debug_id` and `code_id` from the GNU build-id.
final class LoadedImages: Sendable {
    private struct Image {
        var start: UInt64
        var end: UInt64
        var debugImage: DebugImage
    }

    private struct State {
        var generation: (UInt64, UInt64) = (.max, .max)
        var images: [Image] = []
    }

    private let state = Locked(State())

    /// The debug images containing any of `addresses`, in address order.
    func debugImages(containing addresses: some Sequence<UInt64>) -> [DebugImage] {
        state.withLock { state in
            refresh(&state)
            var used = Set<Int>()
            for address in addresses {
                if let index = Self.index(of: address, in: state.images) { used.insert(index) }
            }
            return used.sorted().map { state.images[$0].debugImage }
        }
    }

    private static func index(of address: UInt64, in images: [Image]) -> Int? {
        var low = 0
        var high = images.count
        while low < high {
            let middle = (low + high) / 2
            if images[middle].end <= address {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low < images.count, images[low].start <= address, address < images[low].end else { return nil }
        return low
    }

    private func refresh(_ state: inout State) {
        var adds: UInt64 = 0
        var subs: UInt64 = 0
        sentry_image_generation(&adds, &subs)
        guard state.generation != (adds, subs) else { return }
        state.generation = (adds, subs)
        var capacity = 256
        var infos = [sentry_image_info](repeating: sentry_image_info(), count: capacity)
        var count = Int(sentry_list_images(&infos, Int32(capacity)))
        if count > capacity {
            capacity = count + 32
            infos = [sentry_image_info](repeating: sentry_image_info(), count: capacity)
            count = Int(sentry_list_images(&infos, Int32(capacity)))
        }
        let executable = Self.executablePath()
        var images: [Image] = []
        for var info in infos.prefix(min(count, capacity)) where info.end > info.start {
            let name = info.name.map { String(cString: $0) } ?? ""
            guard !name.contains("linux-vdso") else { continue }
            let buildId = withUnsafeBytes(of: &info.build_id) { Array($0.prefix(Int(info.build_id_length))) }
            let image = DebugImage(
                codeFile: name.isEmpty ? executable : name,
                debugId: buildId.isEmpty ? nil : DebugImage.debugId(fromBuildId: buildId),
                codeId: buildId.isEmpty ? nil : buildId.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(),
                imageAddress: UInt64(info.start), imageSize: UInt64(info.end - info.start),
                imageVmAddress: UInt64(info.vmaddr), arch: ProfileEnvironment.architecture)
            images.append(Image(start: UInt64(info.start), end: UInt64(info.end), debugImage: image))
        }
        state.images = images.sorted { $0.start < $1.start }
    }

    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
