internal import CSentry
package import SentryCore


#if canImport(Glibc)
import Glibc
#endif

/// Turns instruction addresses into functions, modules, files and lines, and lists the loaded
/// images for `debug_meta`. Symbol and line tables are read from each image's file on first use
/// (`.symtab` and DWARF `.debug_line`) and kept; resolved addresses are cached. Thread-safe: all
/// state sits behind one lock. Never crashes on any address: unknown ones resolve to `nil`.
package final class Symbolicator: Sendable {
    /// The process-wide symbolicator, shared by the integrations.
    package static let shared = Symbolicator()

    private struct State {
        var images: [LoadedImage] = []
        var generation: UInt64 = .max
        var files: [String: ImageSymbols] = [:]
        var cache: [UInt64: ResolvedAddress?] = [:]
        var debugImages: [UInt64: DebugImage] = [:]
    }

    private static let cacheLimit = 50_000
    private let state = Locked(State())

    /// Creates a symbolicator with empty caches.
    package init() {}

    /// The images loaded in this process, sorted by address. Read once, then again only when the
    /// dynamic linker's load/unload counters moved.
    package func loadedImages() -> [LoadedImage] {
        state.withLock { state in
            refresh(&state)
            return state.images
        }
    }

    /// A number that changes whenever the process loads or unloads an image (the dynamic
    /// linker's counters), for caches of what addresses resolve to.
    package var imageGeneration: UInt64 {
        var adds: UInt64 = 0
        var subs: UInt64 = 0
        sentry_image_generation(&adds, &subs)
        return adds &<< 32 ^ subs
    }

    /// The loaded image containing `address`.
    package func image(containing address: UInt64) -> LoadedImage? {
        state.withLock { state in
            refresh(&state)
            return LoadedImage.image(containing: address, in: state.images)
        }
    }

    /// Resolves an address of this process. Return addresses (every frame but a crash's top
    /// one) are looked up one byte earlier, inside the calling instruction.
    package func resolve(_ address: UInt64, isReturnAddress: Bool = true) -> ResolvedAddress? {
        state.withLock { state in
            refresh(&state)
            let key = address &<< 1 | (isReturnAddress ? 1 : 0)
            if let cached = state.cache[key] { return cached }
            let resolved = LoadedImage.image(containing: address, in: state.images).flatMap {
                resolve(address, isReturnAddress: isReturnAddress, image: $0, files: &state.files)
            }
            if state.cache.count >= Self.cacheLimit { state.cache.removeAll(keepingCapacity: true) }
            state.cache[key] = resolved
            return resolved
        }
    }

    /// Resolves return addresses of this process in one go (one lock, one image-list check).
    package func resolve(returnAddresses addresses: [UInt64]) -> [ResolvedAddress?] {
        state.withLock { state in
            refresh(&state)
            return addresses.map { address in
                let key = address &<< 1 | 1
                if let cached = state.cache[key] { return cached }
                let resolved = LoadedImage.image(containing: address, in: state.images).flatMap {
                    resolve(address, isReturnAddress: true, image: $0, files: &state.files)
                }
                if state.cache.count >= Self.cacheLimit { state.cache.removeAll(keepingCapacity: true) }
                state.cache[key] = resolved
                return resolved
            }
        }
    }

    /// The `debug_meta` entries of the loaded images containing `addresses`, each once, by address.
    package func debugImages(containing addresses: some Sequence<UInt64>) -> [DebugImage] {
        state.withLock { state in
            refresh(&state)
            // Indices into the sorted image list: a stack's frames mostly share a few images.
            var used: [Int] = []
            for address in addresses {
                if let last = used.last, state.images[last].contains(address) { continue }
                guard let index = LoadedImage.index(containing: address, in: state.images), !used.contains(index) else { continue }
                used.append(index)
            }
            return used.sorted().map { index in
                let start = state.images[index].start
                if let known = state.debugImages[start] { return known }
                let made = state.images[index].debugImage
                state.debugImages[start] = made
                return made
            }
        }
    }

    /// Resolves an address of another (crashed) process, given the images it had loaded.
    package func resolve(_ address: UInt64, isReturnAddress: Bool, images: [LoadedImage]) -> ResolvedAddress? {
        guard let image = LoadedImage.image(containing: address, in: images) else { return nil }
        return state.withLock { state in
            resolve(address, isReturnAddress: isReturnAddress, image: image, files: &state.files)
        }
    }

    /// The calling thread's return addresses, newest first (starting inside this function, whose
    /// frames the symbolicating processor trims as the SDK's), at most `limit` (glibc `backtrace`).
    package static func captureAddresses(limit: Int = 100) -> [UInt64] {
        let capacity = max(1, min(limit, 512)) + 1
        return withUnsafeTemporaryAllocation(of: UInt.self, capacity: capacity) { buffer in
            let count = Int(sentry_capture_stack(buffer.baseAddress, Int32(capacity)))
            // Drop the entry inside sentry_capture_stack's caller frame: this function.
            return buffer.prefix(count).dropFirst().map { UInt64($0) }
        }
    }

    /// Reads `path` now (symbols and line table), so the first event does not pay for it.
    package func preload(path: String, buildId: [UInt8]) {
        state.withLock { state in _ = symbols(path: path, buildId: buildId, files: &state.files) }
    }

    // MARK: Internals (under the lock)

    private func resolve(
        _ address: UInt64, isReturnAddress: Bool, image: LoadedImage, files: inout [String: ImageSymbols]
    ) -> ResolvedAddress {
        var resolved = ResolvedAddress(
            package: image.path, imageAddress: image.start, isMainExecutable: image.isMainExecutable)
        guard address >= image.bias, image.path.hasPrefix("/") else { return resolved }
        let lookup = address - image.bias - (isReturnAddress && address > image.bias ? 1 : 0)
        let symbols = symbols(path: image.path, buildId: image.buildId, files: &files)
        guard symbols.isUsable else { return resolved }
        if let symbol = symbols.symbol(at: lookup) {
            resolved.function = symbol.name.function
            resolved.rawFunction = symbol.name.function == symbol.name.raw ? nil : symbol.name.raw
            resolved.module = symbol.name.module
            resolved.symbolAddress = symbol.start &+ image.bias
        }
        if let line = symbols.line(at: lookup) {
            resolved.absPath = line.path
            resolved.lineno = line.line
        }
        return resolved
    }

    private func symbols(path: String, buildId: [UInt8], files: inout [String: ImageSymbols]) -> ImageSymbols {
        let key = path + "#" + LoadedImage.hex(buildId)
        if let known = files[key] { return known }
        let loaded = ImageSymbols(path: path, expectedBuildId: buildId)
        files[key] = loaded
        return loaded
    }

    private func refresh(_ state: inout State) {
        let generation = imageGeneration
        guard generation != state.generation else { return }
        state.images = Self.readImages()
        state.generation = generation
        state.cache.removeAll(keepingCapacity: true)
        state.debugImages.removeAll(keepingCapacity: true)
    }

    /// Lists the loaded images with `dl_iterate_phdr` (build-ids read from memory, no file I/O).
    static func readImages() -> [LoadedImage] {
        var capacity = 256
        while true {
            let images = withUnsafeTemporaryAllocation(of: sentry_image_info.self, capacity: capacity) { buffer -> [LoadedImage]? in
                let count = Int(sentry_list_images(buffer.baseAddress, Int32(capacity)))
                guard count <= capacity else { return nil }
                var images: [LoadedImage] = []
                images.reserveCapacity(count)
                for index in 0..<count {
                    let info = buffer[index]
                    guard info.end > info.start else { continue }
                    var name = info.name.map { String(cString: $0) } ?? ""
                    let isMain = index == 0 && name.isEmpty
                    if isMain { name = LoadedImage.executablePath() ?? CommandLine.arguments.first ?? "" }
                    guard !name.isEmpty else { continue }
                    let buildId = withUnsafeBytes(of: info.build_id) { Array($0.prefix(Int(min(info.build_id_length, 64)))) }
                    images.append(LoadedImage(
                        path: name, bias: UInt64(info.bias), start: UInt64(info.start), end: UInt64(info.end),
                        vmAddress: UInt64(info.vmaddr), buildId: buildId, isMainExecutable: isMain))
                }
                return images.sorted { $0.start < $1.start }
            }
            if let images { return images }
            capacity *= 4
            if capacity > 1 << 16 { return [] }
        }
    }
}
