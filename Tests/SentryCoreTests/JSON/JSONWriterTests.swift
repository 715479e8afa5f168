import Foundation
import Testing

@testable import SentryCore

@Suite struct JSONWriterTests {
    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let cases: [(String, String)] = [
            ("plain", #""plain""#),
            ("quote\"", #""quote\"""#),
            ("back\\slash", #""back\\slash""#),
            ("line\nbreak\r\ttab", #""line\nbreak\r\ttab""#),
            ("\u{08}\u{0C}", #""\b\f""#),
            ("\u{00}\u{01}\u{1F}", #""\u0000\u0001\u001f""#),
            ("ünïcødé ✓ 🚀", "\"ünïcødé ✓ 🚀\""),
            ("</script>", #""</script>""#),
        ]
        for (input, expected) in cases {
            #expect(input.jsonString() == expected, "escaping \(input.debugDescription)")
        }
    }

    @Test func everyEscapeAtEveryPositionOfTheWordScanRoundTrips() throws {
        // The writer scans eight bytes at a time: put each special byte at each offset of strings
        // longer than a few words, among multi-byte characters, and read them back.
        let specials: [Character] = ["\"", "\\", "\u{0}", "\u{1F}", "\n", "\u{7F}", "é", "👩‍👩‍👧"]
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 31, 40] {
            for position in 0...length {
                for special in specials {
                    var text = String(repeating: "a", count: length)
                    text.insert(special, at: text.index(text.startIndex, offsetBy: position))
                    let parsed = try JSONValue.parse(JSONValue.string(text).jsonString())
                    #expect(parsed == .string(text), "\(length) \(position) \(special.unicodeScalars.map(\.value))")
                }
            }
        }
    }

    @Test func addressesAreShortestHexWithThePrefix() {
        var writer = JSONWriter()
        writer.array { w in
            for value: UInt64 in [0, 1, 0xF, 0x10, 0x7F_FFFF_0000, .max] { w.address(value) }
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self)
            == #"["0x0","0x1","0xf","0x10","0x7fffff0000","0xffffffffffffffff"]"#)
    }

    @Test func idsAreZeroPaddedLowercaseHex() {
        var writer = JSONWriter()
        writer.array { w in
            w.hexString(0)
            w.hexString(0xDEAD_BEEF)
            w.hexString(0x0123_4567_89AB_CDEF, 0xF)
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self)
            == #"["0000000000000000","00000000deadbeef","0123456789abcdef000000000000000f"]"#)
        let id = SentryId()
        #expect(id.jsonString() == "\"\(id.description)\"")
    }

    @Test func fractionalNumbersKeepTheirShortestDigits() throws {
        // Timestamps have 17 and more characters: written without a `String` in between.
        let values: [Double] = [1_764_770_000.123456, 0.1, -2.5e-8, 1.7976931348623157e308, 123_456.789, 1e16]
        let text = values.jsonString()
        #expect(text == "[1764770000.123456,0.1,-2.5e-08,1.7976931348623157e+308,123456.789,1e+16]")
        let parsed = try JSONValue.parse(text)
        for (index, value) in values.enumerated() { #expect(parsed[index]?.doubleValue == value) }
    }

    @Test func theBufferGrowsFromItsSmallestSizeWithoutLosingBytes() throws {
        // Strings of every length up to a few buffer sizes, written into a writer that starts
        // at its minimum: every regrowth must keep what was written before it.
        let strings = (0..<300).map { length in String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) }) }
        var writer = JSONWriter(capacity: 0)
        writer.array { w in for string in strings { w.string(string) } }
        #expect(writer.count == writer.bytes.count)
        let parsed = try JSONValue.parse(writer.bytes)
        #expect(parsed == .array(strings.map { .string($0) }))
    }

    @Test func nonFiniteNumbersBecomeNull() {
        let values: [Double] = [.nan, .infinity, -.infinity, 1.5, 0, -2, 1e300, 2.5e-300]
        let text = values.jsonString()
        #expect(text.hasPrefix("[null,null,null,1.5,0.0,-2.0,"))
        let parsed = try? JSONValue.parse(text)
        #expect(parsed?[5]?.doubleValue == -2)
        #expect(parsed?[6]?.doubleValue == 1e300)
        #expect(parsed?[7]?.doubleValue == 2.5e-300)
    }

    @Test func integersAtTheExtremes() {
        #expect([Int64.min, Int64.max, 0].jsonString() == "[-9223372036854775808,9223372036854775807,0]")
        #expect(UInt64.max.jsonString() == "18446744073709551615")
    }

    @Test func invalidUTF8IsReplaced() {
        var writer = JSONWriter()
        writer.string(utf8: [0x61, 0xFF, 0xC3, 0x62])  // a, invalid byte, truncated sequence, b
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"a\u{FFFD}\u{FFFD}b\"")
    }

    @Test func deepUserDataIsCutOffAtTheDepthLimit() throws {
        var value: JSONValue = "leaf"
        for _ in 0..<500 { value = .array([value]) }
        let bytes = value.jsonBytes()
        let opens = bytes.filter { $0 == UInt8(ascii: "[") }.count
        #expect(opens == JSONWriter.maxDepth)
        #expect(String(decoding: bytes, as: UTF8.self).contains("null"))
        _ = try JSONValue.parse(bytes)  // still valid JSON
    }

    @Test func objectsSkipNilFieldsAndSeparateMembers() {
        var writer = JSONWriter()
        writer.object { w in
            w.field("a", 1)
            w.field("missing", String?.none)
            w.field("b", ["x", "y"])
            w.nonEmpty("empty", [String]())
            w.key("nested")
            w.object { n in n.field("c", true) }
            w.field("d", JSONValue.null)
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"a":1,"b":["x","y"],"nested":{"c":true},"d":null}"#)
    }

    /// Hostile strings written by our writer must read back identically in Python's `json` module.
    @Test func pythonReadsHostileStringsBack() throws {
        var hostile: [String] = [
            "", "\"", "\\", "\\\"", "\u{0}", "\u{7F}", "\u{2028}\u{2029}", "\u{FEFF}bom", "emoji 👩‍👩‍👧‍👦",
            String(repeating: "x", count: 100_000), "{\"injected\": true}", "\n\r\t\u{1B}[31mred",
            "surrogate-ish \u{FFFD}", "\u{10FFFF}", "nul\u{0}in middle",
        ]
        hostile += (0..<32).map { String(UnicodeScalar(UInt8($0))) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-json-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(hostile.jsonBytes()).write(to: directory.appendingPathComponent("written.json"))
        let expected = hostile.map { Array($0.utf8).map { String(format: "%02x", $0) }.joined() }
        try expected.joined(separator: "\n").write(
            to: directory.appendingPathComponent("expected.hex"), atomically: true, encoding: .utf8)
        let script = """
            import json, sys
            d = sys.argv[1]
            got = json.load(open(d + '/written.json', encoding='utf-8'))
            want = [bytes.fromhex(h).decode('utf-8') for h in open(d + '/expected.hex').read().split('\\n')]
            print('OK' if got == want else 'MISMATCH %d %d' % (len(got), len(want)))
            """
        let output = try runPython(script, arguments: [directory.path])
        #expect(output == "OK")
    }
}

/// Runs a Python snippet and returns its trimmed standard output.
func runPython(_ script: String, arguments: [String] = []) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
