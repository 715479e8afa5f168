import Testing

/// The SDK's throw hook chains to one installed before it (swift-testing installs one too):
/// both see every throw, in a process of its own so the order is the real one.
@Suite struct ThrowHookChainTests {
    @Test func anEarlierThrowHookKeepsBeingCalledAndTheThrowSiteIsStillRecorded() throws {
        let outcome = try CrashChild.run(["throw-hook-chain"])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("stacktrace: throw_site"), "\(outcome.output)")
        #expect(outcome.output.contains("earlier hook calls: 1"), "\(outcome.output)")
    }
}
