package import SentryCore

extension Symbolicator: StackSymbolicator {
    /// Resolves `addresses` against `images` with the default in-app rules.
    package func frames(for addresses: [UInt64], in images: [LoadedImage], firstIsInstruction: Bool) -> [Frame] {
        let rules = FrameSymbolication()
        return addresses.enumerated().map { index, address in
            var frame = Frame(instructionAddress: address)
            let isReturnAddress = !(firstIsInstruction && index == 0)
            rules.fill(&frame, from: resolve(address, isReturnAddress: isReturnAddress, images: images))
            return frame
        }
    }
}
