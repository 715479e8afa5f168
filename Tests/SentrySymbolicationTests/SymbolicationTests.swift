import Foundation
import SentryCore
import Testing

@testable import SentrySymbolication

/// Captures its own stack; the line of the capture is returned beside the addresses.
@inline(never) func knownFunctionForSymbolication() -> (addresses: [UInt64], line: Int) {
    let (addresses, line) = (Symbolicator.captureAddresses(), #line)
    return (addresses, line)
}

@inline(never) func recurse(_ depth: Int, _ body: () -> [UInt64]) -> [UInt64] {
    depth <= 0 ? body() : recurse(depth - 1, body)
}

@Suite struct SymbolicationTests {
    @Test func aKnownFunctionOfTheTestBinaryHasItsNameFileAndLine() throws {
        let (addresses, line) = knownFunctionForSymbolication()
        let resolved = addresses.compactMap { Symbolicator.shared.resolve($0) }
        let frame = try #require(resolved.first { $0.function?.contains("knownFunctionForSymbolication") == true })
        #expect(frame.function == "SentrySymbolicationTests.knownFunctionForSymbolication()")
        #expect(frame.module == "SentrySymbolicationTests")
        #expect(frame.rawFunction?.hasPrefix("$s") == true)
        #expect(frame.filename == "Tests/SentrySymbolicationTests/SymbolicationTests.swift")
        #expect(frame.absPath?.hasSuffix("/Tests/SentrySymbolicationTests/SymbolicationTests.swift") == true)
        #expect(frame.lineno == line)
        #expect(frame.isMainExecutable)
        #expect(frame.package == LoadedImage.executablePath())
        // A frame in the Swift runtime resolves to a named symbol of libswiftCore.
        let runtime = resolved.first { $0.package?.hasSuffix("libswiftCore.so") == true }
        if let runtime { #expect(runtime.function != nil && !runtime.isMainExecutable) }
    }

    @Test func swiftNamesAreDemangledShortAndQualified() {
        let method = SymbolName(raw: "$s5MyApp7HandlerV3run7requestSiSS_tF")
        #expect(method.function == "MyApp.Handler.run(request:)")
        #expect(method.module == "MyApp")
        #expect(SymbolName(raw: "$s5MyApp7HandlerV3run7requestSiSS_tFyycfU_").function == "closure #1 in MyApp.Handler.run(request:)")
        #expect(SymbolName(raw: "$ss10fatalError_4file4lines5NeverOSSyXK_s12StaticStringVSutF").module == "Swift")
        #expect(SymbolName(raw: "_ZNSt6vectorIiSaIiEE9push_backERKi").function == "std::vector<int, std::allocator<int> >::push_back(int const&)")
        #expect(SymbolName(raw: "main").function == "main")
        #expect(SymbolName(raw: "main").module == nil)
    }

    @Test func garbageAddressesResolveToNothingAndNeverCrash() {
        let symbolicator = Symbolicator()
        for address: UInt64 in [0, 1, 0xdead_beef, 0x7fff_ffff_f000, 0xffff_ffff_8100_0000, .max, .max - 1] {
            #expect(symbolicator.resolve(address)?.function == nil)
            #expect(symbolicator.resolve(address, isReturnAddress: false)?.function == nil)
        }
        // The first byte of every image (its ELF header, not code) never crashes either.
        for image in symbolicator.loadedImages() {
            _ = symbolicator.resolve(image.start)
            _ = symbolicator.resolve(image.end - 1)
        }
    }

    @Test func strippedTruncatedAndCorruptBinariesNeverCrash() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-strip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try #require(LoadedImage.executablePath())
        let stripped = directory.appendingPathComponent("stripped").path
        let strip = Process()
        strip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        strip.arguments = ["strip", "-o", stripped, original]
        try strip.run()
        strip.waitUntilExit()
        try #require(strip.terminationStatus == 0)

        let (addresses, _) = knownFunctionForSymbolication()
        let main = try #require(Symbolicator.shared.loadedImages().first { $0.isMainExecutable })
        let symbols = ImageSymbols(path: stripped, expectedBuildId: main.buildId)
        #expect(symbols.isUsable)
        #expect(!symbols.hasLineTable)
        for address in addresses where main.contains(address) {
            // Internal Swift functions are gone with .symtab; whatever is left never crashes.
            #expect(symbols.symbol(at: address - main.bias - 1)?.name.function.contains("knownFunctionForSymbolication") != true)
            #expect(symbols.line(at: address - main.bias - 1) == nil)
        }

        // A file that is not the loaded image (another build-id) is not used.
        #expect(!ImageSymbols(path: stripped, expectedBuildId: [1, 2, 3, 4]).isUsable)

        // Truncated, random and empty files, a directory, a missing path.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: original))
        let truncated = directory.appendingPathComponent("truncated").path
        _ = FileManager.default.createFile(atPath: truncated, contents: bytes.prefix(4096))
        var random = SystemRandomNumberGenerator()
        let noise = directory.appendingPathComponent("noise").path
        _ = FileManager.default.createFile(atPath: noise, contents: Data((0..<65536).map { _ in UInt8.random(in: 0...255, using: &random) }))
        let empty = directory.appendingPathComponent("empty").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        for path in [truncated, noise, empty, directory.path, directory.appendingPathComponent("missing").path] {
            let symbols = ImageSymbols(path: path, expectedBuildId: [])
            #expect(symbols.symbol(at: 0x1000) == nil)
            #expect(symbols.line(at: 0x1000) == nil)
        }

        // The real binary with its line table and symbol table overwritten by noise.
        let file = try #require(ElfFile.open(path: original))
        var corrupt = [UInt8](bytes)
        var seed: UInt64 = 0x9e37_79b9_7f4a_7c15
        for name in [".debug_line", ".strtab", ".symtab"] {
            let section = try #require(file.section(named: name))
            let start = Int(section.offset)
            corrupt.withUnsafeMutableBufferPointer { buffer in
                for index in start..<(start + Int(section.size)) {
                    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    buffer[index] = UInt8(truncatingIfNeeded: seed >> 33)
                }
            }
        }
        let corruptPath = directory.appendingPathComponent("corrupt").path
        _ = FileManager.default.createFile(atPath: corruptPath, contents: Data(corrupt))
        let damaged = ImageSymbols(path: corruptPath, expectedBuildId: [])
        for address in addresses where main.contains(address) {
            _ = damaged.symbol(at: address - main.bias - 1)
            _ = damaged.line(at: address - main.bias - 1)
        }
        // A corrupt DWARF header in memory, every prefix of a real unit.
        let line = try #require(file.contents(named: ".debug_line"))
        for length in stride(from: 0, to: min(line.count, 400), by: 7) {
            let table = DwarfLineTable(debugLine: Array(line.prefix(length)), lineStrings: [], strings: [])
            _ = table.lookup(0x1000)
            // A unit cut short is refused whole: nothing is indexed from it.
            if length < 40 { #expect(table.sequenceCount == 0) }
        }
    }

    @Test func theProcessorTrimsSDKFramesAndListsOnlyTheImagesItUses() throws {
        let addresses = recurse(5) { knownFunctionForSymbolication().addresses }
        var event = Event(level: .error, exceptions: [
            SentryException(type: "Test", value: "x", stacktrace: Stacktrace(frames: addresses.reversed().map { Frame(instructionAddress: $0) }))
        ])
        event.threads = [SentryThread(id: 1, stacktrace: Stacktrace(frames: addresses.reversed().map { Frame(instructionAddress: $0) }))]
        let processor = SymbolicatingEventProcessor(rules: FrameSymbolication(inAppExclude: ["Nope"]))
        let processed = try #require(processor.process(event, hint: .none))
        let frames = try #require(processed.exceptions.first?.stacktrace?.frames)
        // Newest last: the SDK's own capture frames are gone, the test function is on top.
        #expect(frames.last?.function == "SentrySymbolicationTests.knownFunctionForSymbolication()")
        #expect(frames.last?.inApp == true)
        #expect(!frames.contains { $0.module == "SentryIntegrations" })
        #expect(frames.filter { $0.function?.contains("recurse") == true }.count == 6)
        #expect(frames.contains { $0.package?.hasSuffix("libswiftCore.so") == true && $0.inApp == false }
            || !frames.contains { $0.package?.hasSuffix("libswiftCore.so") == true })
        #expect(processed.threads.first?.stacktrace?.frames.last?.function == frames.last?.function)
        // debug_meta: exactly the images the frames point into, each once.
        let images = processed.debugImages
        #expect(!images.isEmpty)
        #expect(Set(images.map(\.imageAddress)).count == images.count)
        for frame in frames {
            let address = try #require(frame.instructionAddress)
            #expect(images.contains { address >= $0.imageAddress && address < $0.imageAddress + ($0.imageSize ?? 0) })
        }
        for image in images {
            #expect(frames.contains { ($0.instructionAddress ?? 0) >= image.imageAddress && ($0.instructionAddress ?? 0) < image.imageAddress + (image.imageSize ?? 0) })
        }
        #expect(images.count < Symbolicator.shared.loadedImages().count)
        // A second pass leaves a processed event alone.
        #expect(processor.process(processed, hint: .none) == processed)
    }

    @Test func aStackSeenBeforeIsFilledFromTheCacheExactlyAsTheFirstTime() throws {
        let addresses = recurse(3) { knownFunctionForSymbolication().addresses }
        func event(lineOnOldest: Int? = nil) -> Event {
            var frames = addresses.reversed().map { Frame(instructionAddress: $0) }
            frames[0].lineno = lineOnOldest  // the oldest frame: never trimmed
            return Event(level: .error, exceptions: [SentryException(type: "Test", value: "x", stacktrace: Stacktrace(frames: frames))])
        }
        let processor = SymbolicatingEventProcessor()
        var first = event()
        var second = event()
        #expect(processor.process(&first, hint: .none))
        #expect(processor.process(&second, hint: .none))
        let frames = try #require(first.exceptions.first?.stacktrace?.frames)
        #expect(frames.last?.function == "SentrySymbolicationTests.knownFunctionForSymbolication()")
        #expect(second.exceptions == first.exceptions)
        #expect(second.debugImages == first.debugImages && !first.debugImages.isEmpty)
        // A frame that already says something is not taken from the cache: its own line stays.
        var annotated = event(lineOnOldest: 4242)
        #expect(processor.process(&annotated, hint: .none))
        let annotatedFrames = try #require(annotated.exceptions.first?.stacktrace?.frames)
        #expect(annotatedFrames.contains { $0.lineno == 4242 })
        #expect(!frames.contains { $0.lineno == 4242 })
    }

    @Test func loadingAnImageChangesTheGenerationThatKeysTheCaches() throws {
        let before = Symbolicator.shared.imageGeneration
        // glibc's libanl: on every glibc system, and loaded by nothing in this process.
        let handle = try #require(dlopen("libanl.so.1", RTLD_NOW))
        defer { dlclose(handle) }
        #expect(Symbolicator.shared.imageGeneration != before)
    }

    @Test func inAppFollowsTheImageAndTheOptions() {
        let rules = FrameSymbolication(inAppInclude: ["Vendor"], inAppExclude: ["MyAppGenerated"])
        #expect(rules.isInApp(Frame(module: "MyApp"), isMainExecutable: true))
        #expect(!rules.isInApp(Frame(module: "MyApp"), isMainExecutable: false))
        #expect(rules.isInApp(Frame(module: "VendorKit"), isMainExecutable: false))
        #expect(!rules.isInApp(Frame(module: "MyAppGenerated"), isMainExecutable: true))
        #expect(!rules.isInApp(Frame(module: "SentryCore"), isMainExecutable: true))
        #expect(!rules.isInApp(Frame(module: "Swift"), isMainExecutable: true))
        #expect(!rules.isInApp(Frame(function: "sentry_capture_stack"), isMainExecutable: true))
    }
}
