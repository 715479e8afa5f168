internal import CSentry
import SentryCore

/// The loaded ELF images (from CSentry's `dl_iterate_phdr` walk), re-read when the dynamic
/// linker's load/unload counters change, so a profile lists exactly the images its frames
/// fall in, with their `debug_id` and `code_id` from the GNU build-id.
final class LoadedImages: Sendable {
    private struct State {
        var generation: (UInt64, UInt64) = (.max, .max)
        var images: [LoadedImage] = []
    }

    private let state = Locked(State())

    /// The debug images containing any of `addresses`, in address order.
    func debugImages(containing addresses: some Sequence<UInt64>) -> [DebugImage] {
        state.withLock { state in
            refresh(&state)
            var used: [UInt64: LoadedImage] = [:]
            for address in addresses {
                if let image = LoadedImage.image(containing: address, in: state.images) { used[image.start] = image }
            }
            return used.values.sorted { $0.start < $1.start }.map(\.debugImage)
        }
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
        let executable = LoadedImage.executablePath() ?? ""
        var images: [LoadedImage] = []
        for var info in infos.prefix(min(count, capacity)) where info.end > info.start {
            // The vDSO stays listed: a sample taken inside `clock_gettime` has its top frame there.
            let name = info.name.map { String(cString: $0) } ?? ""
            let buildId = withUnsafeBytes(of: &info.build_id) { Array($0.prefix(Int(min(info.build_id_length, 64)))) }
            images.append(LoadedImage(
                path: name.isEmpty ? executable : name, bias: UInt64(info.bias), start: UInt64(info.start),
                end: UInt64(info.end), vmAddress: UInt64(info.vmaddr), buildId: buildId, isMainExecutable: name.isEmpty))
        }
        state.images = images.sorted { $0.start < $1.start }
    }
}
