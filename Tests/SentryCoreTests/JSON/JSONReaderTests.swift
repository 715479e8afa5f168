import Testing

@testable import SentryCore

@Suite struct JSONReaderTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue.parse(#" {"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "d\u00e9\n"}, "e": 9223372036854775807} "#)
        #expect(value["a"] == [1, -2.5, 300.0, true, false, nil])
        #expect(value["b"]?["c"]?.stringValue == "dé\n")
        #expect(value["e"]?.intValue == Int64.max)
    }

    @Test func decodesSurrogatePairsAndReplacesLoneSurrogates() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude80""#).stringValue == "🚀")
        #expect(try JSONValue.parse(#""\ud83d x""#).stringValue == "\u{FFFD} x")
        #expect(try JSONValue.parse(#""\udc00""#).stringValue == "\u{FFFD}")
    }

    @Test func roundTripsWhatTheWriterWrites() throws {
        let value: JSONValue = [
            "string": "quote \" backslash \\ newline \n nul \u{0}", "int": -42, "double": 0.1,
            "array": [1, "two", nil, false], "object": ["nested": ["deep": 1.25]],
        ]
        #expect(try JSONValue.parse(value.jsonBytes()) == value)
    }

    @Test(arguments: [
        "", "{", "[1,", #"{"a" 1}"#, #"{"a":}"#, "[1 2]", "tru", "nul", "01x", "-", "1.", "\"unterminated",
        "\"bad \\q escape\"", "\"\\u12\"", "\"raw \u{01} control\"", "{} trailing", "[1,]", "{,}", "1e999",
    ])
    func rejectsMalformedInput(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func randomBytesNeverCrashTheReader() {
        var generator = SeededGenerator(seed: 42)
        let alphabet = Array(#"{}[]":,0123456789.-+eEtrufalsn\ ab"#.utf8) + [0xFF, 0x00, 0x0A]
        for _ in 0..<5_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? JSONValue.parse(bytes)
        }
    }
}

/// A deterministic generator so randomized tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
