// libFuzzer targets for every parser of outside input. Built by Scripts/fuzz.sh, which compiles
// these files together with the parsers' sources into one module (so internal API is reachable)
// and selects the target with SENTRY_FUZZ_TARGET. A target returns normally for any input; a
// trap, a crash or a broken invariant (`check`) is a finding.

#if canImport(Glibc)
import Glibc
#endif

/// Stops the run when an invariant the parser promises does not hold.
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, line: UInt = #line) {
    if !condition() {
        printError("fuzz invariant broken (FuzzTargets.swift:\(line)): \(message())\n")
        abort()
    }
}

/// Writes to standard error (the `stderr` global is not concurrency-safe in Swift 6 mode).
func printError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "json": json, "envelope": envelope, "dsn": dsn, "ratelimits": rateLimits, "traceheaders": traceHeaders,
        "crash": crash, "elf": elf, "dwarf": dwarf,
    ]

    /// JSON: what parses re-encodes to JSON that parses to the same value (nesting past
    /// `JSONWriter.maxDepth` is written as `null`: then the cut value must round-trip).
    static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes) else { return }
        let encoded = value.jsonBytes()
        guard let again = try? JSONValue.parse(encoded) else {
            return check(false, "re-encoded JSON does not parse: \(String(decoding: encoded, as: UTF8.self))")
        }
        if nesting(value) < JSONWriter.maxDepth {
            check(again == value, "JSON does not round-trip: \(String(decoding: encoded, as: UTF8.self))")
        } else {
            check((try? JSONValue.parse(again.jsonBytes())) == again, "cut JSON does not round-trip")
        }
    }

    private static func nesting(_ value: JSONValue) -> Int {
        switch value {
        case .array(let elements): 1 + (elements.map(nesting).max() ?? 0)
        case .object(let members): 1 + (members.values.map(nesting).max() ?? 0)
        default: 0
        }
    }

    /// Envelopes: what parses serializes to an envelope that parses with the same items.
    static func envelope(_ bytes: [UInt8]) {
        guard let envelope = try? Envelope.parse(bytes) else { return }
        let serialized = envelope.serialize()
        guard let again = try? Envelope.parse(serialized) else { return check(false, "a serialized envelope does not parse") }
        check(again.items.count == envelope.items.count, "items lost in a round trip")
        check(again.items.map(\.payload) == envelope.items.map(\.payload), "payloads changed in a round trip")
    }

    static func dsn(_ bytes: [UInt8]) {
        guard let dsn = try? Dsn(String(decoding: bytes, as: UTF8.self)) else { return }
        _ = dsn.envelopeURL
        _ = dsn.orgId
        _ = dsn.authHeader(client: "fuzz/1")
        guard let again = try? Dsn(dsn.description) else { return check(false, "a DSN's description does not parse") }
        check(again == dsn, "DSN does not round-trip: \(dsn.description)")
    }

    /// `X-Sentry-Rate-Limits` on the first line, `Retry-After` on the second, a status on the third.
    static func rateLimits(_ bytes: [UInt8]) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        var limits = RateLimits()
        let header = lines.first.map(String.init)
        let retryAfter = lines.count > 1 ? String(lines[1]) : nil
        let status = lines.count > 2 ? Int(lines[2]) ?? 429 : 429
        limits.update(status: status, rateLimitsHeader: header, retryAfterHeader: retryAfter, now: 1000)
        limits.update(status: 429, rateLimitsHeader: nil, retryAfterHeader: header, now: 2000)
        for category in [DataCategory.error, .transaction, .session, .attachment, .internal, .logItem] {
            _ = limits.isLimited(category, now: 1500)
        }
        _ = limits.isEverythingLimited(now: 1500)
        _ = RateLimits.parseRetryAfter(header ?? "")
    }

    /// `sentry-trace`, `traceparent` and `baggage`: the whole input as each, and the three lines of
    /// the input as one request's headers.
    static func traceHeaders(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let header = SentryTraceHeader(text) {
            check(SentryTraceHeader(header.value) == header, "sentry-trace does not round-trip: \(header.value)")
        }
        if let header = TraceParentHeader(text) {
            check(TraceParentHeader(header.value) == header, "traceparent does not round-trip: \(header.value)")
        }
        let baggage = Baggage(text)
        let dsc = baggage.dynamicSamplingContext()
        _ = Baggage(baggage.value(sentry: dsc))
        _ = PercentEncoding.decode(PercentEncoding.encode(text))
        _ = PercentEncoding.decode(text)
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        var headers: [String: String] = [:]
        for (index, name) in ["sentry-trace", "baggage", "traceparent"].enumerated() where index < lines.count {
            headers[name] = lines[index]
        }
        for strict in [false, true] {
            let context = TracePropagation.continuing(headers: headers, ownOrgId: "1", strict: strict)
            _ = context.sampleRandText
            _ = context.traceContext.jsonBytes()
            _ = context.dynamicSamplingContext?.jsonBytes()
        }
    }

    nonisolated(unsafe) private static var symbolicator = Symbolicator()
    nonisolated(unsafe) private static var crashRuns = 0

    /// Crash files: parse, build the fatal event (symbolicating against the files it names, as
    /// at start) and serialize it.
    static func crash(_ bytes: [UInt8]) {
        guard let report = CrashReport(bytes: bytes) else { return }
        // The symbolicator caches every file it was asked about: start afresh now and then.
        crashRuns += 1
        if crashRuns % 4096 == 0 { symbolicator = Symbolicator() }
        let event = report.makeEvent(symbolicator: symbolicator)
        let json = event.jsonBytes()
        check((try? JSONValue.parse(json)) != nil, "a crash event is not valid JSON")
        _ = report.images.map { $0.debugImage.jsonBytes() }
        _ = CrashReport.parseImages(CrashReport.serializeImages(report.images))
    }

    /// ELF images: sections, build-id, symbols and line table, as ImageSymbols reads them.
    static func elf(_ bytes: [UInt8]) {
        guard let file = ElfFile.parse(bytes: bytes) else { return }
        _ = file.buildId()
        let symbols = ElfSymbolTable(file: file)
        for address: UInt64 in [0, 0x1000, 0x1130, 0x401000, .max] {
            if let found = symbols.lookup(address) { _ = symbols.name(at: found.index).map(SymbolName.init(raw:)) }
        }
        for index in 0..<min(symbols.count, 64) { _ = symbols.name(at: index) }
        for section in file.sections.prefix(64) { _ = file.contents(of: section) }
        if let debugLine = file.contents(named: ".debug_line") {
            let lines = DwarfLineTable(
                debugLine: debugLine, lineStrings: file.contents(named: ".debug_line_str") ?? [],
                strings: file.contents(named: ".debug_str") ?? [])
            for address in lines.sequenceAddresses.prefix(16) { _ = lines.lookup(address) }
        }
    }

    /// `.debug_line` sections; the input doubles as `.debug_line_str` and `.debug_str`, so string
    /// offsets land somewhere.
    static func dwarf(_ bytes: [UInt8]) {
        let table = DwarfLineTable(debugLine: bytes, lineStrings: bytes, strings: bytes)
        for address in table.sequenceAddresses.prefix(32) {
            _ = table.lookup(address)
            _ = table.lookup(address &+ 1)
        }
        _ = table.lookup(0)
        _ = table.lookup(.max)
    }
}
