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
