/// The `sentry-trace` header: `<trace_id>-<span_id>[-<sampled>]`.
public struct SentryTraceHeader: Sendable, Hashable {
    /// The header name.
    public static let name = "sentry-trace"

    /// The trace id.
    public var traceId: SentryId
    /// The sending span's id.
    public var spanId: SpanId
    /// The sender's decision; `nil` when deferred.
    public var sampled: Bool?

    /// Creates a header.
    public init(traceId: SentryId, spanId: SpanId, sampled: Bool?) {
        self.traceId = traceId
        self.spanId = spanId
        self.sampled = sampled
    }

    /// Parses a header leniently (surrounding blanks allowed, sampled flag optional); `nil` when
    /// the trace or span id is missing or malformed.
    public init?(_ value: String) {
        let trimmed = value.trimmingWhitespace()
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let traceId = SentryId(hex: parts[0]), parts[0].count == 32,
            let spanId = SpanId(hex: parts[1])
        else { return nil }
        self.traceId = traceId
        self.spanId = spanId
        if parts.count == 3 {
            switch parts[2] {
            case "1": sampled = true
            case "0": sampled = false
            case "": sampled = nil
            default: return nil
            }
        }
    }

    /// The header value.
    public var value: String {
        let base = "\(traceId)-\(spanId)"
        switch sampled {
        case true?: return base + "-1"
        case false?: return base + "-0"
        case nil: return base
        }
    }
}

/// The W3C `traceparent` header: `00-<trace_id>-<span_id>-<flags>`.
public struct TraceParentHeader: Sendable, Hashable {
    /// The header name.
    public static let name = "traceparent"

    /// The trace id.
    public var traceId: SentryId
    /// The parent span id.
    public var spanId: SpanId
    /// The sampled flag.
    public var sampled: Bool

    /// Creates a header.
    public init(traceId: SentryId, spanId: SpanId, sampled: Bool) {
        self.traceId = traceId
        self.spanId = spanId
        self.sampled = sampled
    }

    /// Parses version `00` (and later versions' first four fields); `nil` when malformed or all-zero.
    public init?(_ value: String) {
        let parts = value.trimmingWhitespace().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32,
            let traceId = SentryId(hex: parts[1]), traceId != .empty, let spanId = SpanId(hex: parts[2]),
            spanId.value != 0, parts[3].count == 2, let flags = UInt8(parts[3], radix: 16)
        else { return nil }
        if parts[0] == "00", parts.count != 4 { return nil }
        self.init(traceId: traceId, spanId: spanId, sampled: flags & 1 == 1)
    }

    /// The header value.
    public var value: String { "00-\(traceId)-\(spanId)-\(sampled ? "01" : "00")" }
}

/// The W3C `baggage` header: Sentry's `sentry-*` members (the DSC) plus anyone else's.
public struct Baggage: Sendable, Hashable {
    /// The header name.
    public static let name = "baggage"
    /// The most members a header may carry.
    public static let maxMembers = 64
    /// The most bytes a header may carry.
    public static let maxBytes = 8192

    /// `sentry-*` members, without the prefix, decoded.
    public var sentryEntries: [String: String]
    /// Other vendors' members, verbatim (`key=value;properties`).
    public var otherMembers: [String]

    /// Creates baggage.
    public init(sentryEntries: [String: String] = [:], otherMembers: [String] = []) {
        self.sentryEntries = sentryEntries
        self.otherMembers = otherMembers
    }

    /// Parses a header (several headers may be joined with commas). Malformed members are skipped.
    public init(_ value: String) {
        var sentry: [String: String] = [:]
        var others: [String] = []
        for member in value.split(separator: ",") {
            let text = member.trimmingWhitespace()
            guard !text.isEmpty else { continue }
            // `;` alone or first: no key (and no element to take from an omitting split).
            let keyValue = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let pair = keyValue.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingWhitespace()
            if key.hasPrefix("sentry-") {
                sentry[String(key.dropFirst(7))] = PercentEncoding.decode(pair[1].trimmingWhitespace())
            } else {
                others.append(text)
            }
        }
        self.init(sentryEntries: sentry, otherMembers: others)
    }

    /// Whether any `sentry-*` member is present (an upstream Sentry SDK sent a DSC).
    public var hasSentryEntries: Bool { !sentryEntries.isEmpty }

    /// The DSC the Sentry members describe; `nil` without a trace id and public key.
    public func dynamicSamplingContext() -> DynamicSamplingContext? {
        var object: [String: JSONValue] = [:]
        for (key, value) in sentryEntries { object[key] = .string(value) }
        return DynamicSamplingContext(json: .object(object))
    }

    /// The header value: Sentry members first, then others', within the W3C size limits
    /// (members that do not fit are left out).
    public func value(sentry dsc: DynamicSamplingContext?) -> String {
        var members: [String] = []
        if let dsc {
            members = dsc.entries.map { "sentry-\($0.key)=\(PercentEncoding.encode($0.value))" }
        } else {
            members = sentryEntries.sorted { $0.key < $1.key }.map { "sentry-\($0.key)=\(PercentEncoding.encode($0.value))" }
        }
        members += otherMembers
        var result: [String] = []
        var size = 0
        for member in members where result.count < Self.maxMembers {
            let added = member.utf8.count + (result.isEmpty ? 0 : 1)
            guard size + added <= Self.maxBytes else { continue }
            result.append(member)
            size += added
        }
        return result.joined(separator: ",")
    }
}

/// Percent-encoding for baggage values and query strings.
package enum PercentEncoding {
    /// `text` with everything but unreserved characters (and `@ / :`) as `%XX`.
    package static func encode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "@"), UInt8(ascii: "/"), UInt8(ascii: ":"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }

    /// `%XX` sequences decoded; malformed ones are left as they are.
    package static func decode(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var remaining = Array(text.utf8)[...]
        while let byte = remaining.popFirst() {
            // Two hex digits exactly: `UInt8("+f", radix: 16)` would also take a sign.
            if byte == UInt8(ascii: "%"), remaining.count >= 2, remaining.prefix(2).allSatisfy(\.isHexDigitASCII),
                let value = UInt8(String(decoding: remaining.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                remaining = remaining.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension UInt8 {
    fileprivate var isHexDigitASCII: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
