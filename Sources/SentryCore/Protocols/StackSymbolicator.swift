/// Lists the process's loaded images and resolves captured addresses to frames: the seam through
/// which crash capture and the profiler reach symbolication without depending on it (the
/// umbrella passes `SentrySymbolication`'s symbolicator in).
package protocol StackSymbolicator: Sendable {
    /// The images loaded in this process now, sorted by start address.
    func loadedImages() -> [LoadedImage]

    /// One frame per address (newest first, as captured), resolved against `images` (those of the
    /// process that captured them): function, module, file, line and `in_app` where known, the
    /// address always. When `firstIsInstruction`, the first address is the interrupted instruction
    /// itself; every other one is a return address.
    func frames(for addresses: [UInt64], in images: [LoadedImage], firstIsInstruction: Bool) -> [Frame]
}
