import Foundation
import SentryCore
import Testing

@testable import SentrySymbolication

@Suite struct DebugImageTests {
    /// `readelf -n` prints `Build ID: <hex>`; Python derives the debug id with `uuid.UUID(bytes_le=…)`.
    private func independentIds(of path: String) throws -> (codeId: String, debugId: String) {
        let script = """
            import subprocess, sys, uuid
            out = subprocess.run(["readelf", "-n", sys.argv[1]], capture_output=True, text=True, check=True).stdout
            code = next(l.split(":", 1)[1].strip() for l in out.splitlines() if "Build ID:" in l)
            raw = bytes.fromhex(code)[:16].ljust(16, b"\\0")
            print(code, uuid.UUID(bytes_le=raw))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let parts = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(parts.count == 2, "python3/readelf output: \(output)")
        return (parts[0], parts[1])
    }

    @Test func theTestBinarysIdsMatchAnIndependentComputation() throws {
        let images = Symbolicator.shared.loadedImages()
        let main = try #require(images.first { $0.isMainExecutable })
        let expected = try independentIds(of: main.path)
        let image = main.debugImage
        #expect(image.type == "elf")
        #expect(image.codeFile == LoadedImage.executablePath())
        #expect(image.codeId == expected.codeId)
        #expect(image.debugId == expected.debugId)
        #expect(image.imageSize ?? 0 > 0)
        // The file's own notes agree with the copy in memory.
        #expect(ElfFile.open(path: main.path)?.buildId() == main.buildId)
        // And a shared library's, too.
        if let core = images.first(where: { $0.path.hasSuffix("libswiftCore.so") }) {
            let ids = try independentIds(of: core.path)
            #expect(core.debugImage.codeId == ids.codeId)
            #expect(core.debugImage.debugId == ids.debugId)
        }
    }

    @Test func theProtocolsTestVector() {
        let id: [UInt8] = LoadedImage.bytes(fromHex: "1c304742f114215453a8a777f6cdb3a2b8505e11")!
        #expect(DebugImage.debugId(fromBuildId: id) == "4247301c-14f1-5421-53a8-a777f6cdb3a2")
        #expect(LoadedImage.hex(id) == "1c304742f114215453a8a777f6cdb3a2b8505e11")
    }

    @Test func theImageListMatchesTheKernelsMappings() throws {
        let images = Symbolicator.shared.loadedImages()
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        let mappedFiles = Set(maps.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1].contains("x"), fields[5].hasPrefix("/") else { return nil }
            return String(fields[5])
        })
        let listed = Set(images.map(\.path))
        // Every executable file mapping belongs to a listed image (exceptions: files mapped by hand).
        for file in mappedFiles where file.hasSuffix(".so") || file.contains(".so.") {
            #expect(listed.contains(file) || listed.contains { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path == file }, "\(file)")
        }
        #expect(images == images.sorted { $0.start < $1.start })
        #expect(images.filter(\.isMainExecutable).count == 1)
    }
}
