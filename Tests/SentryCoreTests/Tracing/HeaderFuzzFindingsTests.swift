import Testing

@testable import SentryCore

/// Inputs found by the fuzzers (Scripts/fuzz.sh), written out; each trapped or broke a round trip.
@Suite struct HeaderFuzzFindingsTests {
    /// traceheaders target: a baggage member that is only `;` trapped (index 0 of an empty split).
    @Test func aBaggageMemberOfOnlyASemicolon() {
        #expect(Baggage(";") == Baggage())
        #expect(Baggage("sentry-a=1,;,;x=2,other=3") == Baggage(sentryEntries: ["a": "1"], otherMembers: ["other=3"]))
    }

    /// A `%` must be followed by two hex digits: `UInt8("+f", radix: 16)` also accepts a sign.
    @Test func percentDecodingTakesOnlyHexDigits() {
        #expect(PercentEncoding.decode("%+f%-0%2F") == "%+f%-0/")
    }

    /// dsn target: `https://ke[y:@:1]:2080/1` parsed with the host `:1]`, whose description did
    /// not parse again. Brackets belong around an IPv6 literal only.
    @Test func aHostWithStrayBrackets() throws {
        #expect(throws: DsnError.invalidPublicKey("ke[y")) { try Dsn("https://ke[y:@:1]:2080/1") }
        #expect(throws: DsnError.invalidHost(":1]:2080")) { try Dsn("https://key@:1]:2080/1") }
        #expect(throws: DsnError.self) { try Dsn("https://k@[[::1]/1") }
        // Found by the fuzzer: brackets around something that is not an IPv6 literal.
        #expect(throws: DsnError.invalidHost("[bbbbb%]:22226")) { try Dsn("https://key@[bbbbb%]:22226/1") }
        let v6 = try Dsn("https://k@[::1]:8000/3")
        #expect(try Dsn(v6.description) == v6)
    }
}
