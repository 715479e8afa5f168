package import SentryCore

/// The server's rate limits: a deadline per data category plus one for all categories.
///
/// Fed from `X-Sentry-Rate-Limits` (on every response) and `Retry-After` (on 429). Times are
/// monotonic seconds, passed in so tests need no sleeping. A limit longer than
/// ``longestLimit`` is shortened to it, so a hostile or broken answer (`1e12::organization`)
/// cannot silence the SDK for the life of the process: at worst one request an hour asks again.
package struct RateLimits: Sendable {
    /// The longest limit honoured, in seconds (one hour).
    package static let longestLimit: Double = 3600


    private var deadlines: [DataCategory: Double] = [:]
    private var allDeadline: Double = 0

    /// No limits.
    package init() {}

    /// Applies a response's headers received at `now`.
    package mutating func update(status: Int, rateLimitsHeader: String?, retryAfterHeader: String?, now: Double) {
        if let header = rateLimitsHeader, !header.isEmpty {
            apply(rateLimitsHeader: header, now: now)
        } else if status == 429 {
            let seconds = retryAfterHeader.flatMap(Self.parseRetryAfter) ?? 60
            allDeadline = max(allDeadline, now + min(seconds, Self.longestLimit))
        }
    }

    /// Parses `retry_after:categories:scope[:reason[:namespaces]]` entries separated by commas.
    /// Unknown categories are ignored; a limit made only of unknown ones is ignored entirely.
    package mutating func apply(rateLimitsHeader header: String, now: Double) {
        for limit in header.split(separator: ",") {
            let fields = limit.split(separator: ":", omittingEmptySubsequences: false)
            guard let first = fields.first, let seconds = Double(first.trimmingCharacters(in: " \t")),
                seconds.isFinite, seconds >= 0
            else { continue }
            let deadline = now + min(seconds.rounded(.up), Self.longestLimit)
            let names = fields.count > 1 ? fields[1].split(separator: ";").map { $0.trimmingCharacters(in: " \t") } : []
            if names.isEmpty {
                allDeadline = max(allDeadline, deadline)
                continue
            }
            for name in names {
                guard let category = DataCategory(rawValue: name), category != .unknown else { continue }
                deadlines[category] = max(deadlines[category] ?? 0, deadline)
            }
        }
    }

    /// Whether `category` may not be sent at `now`. Client reports are only held by an all-limit.
    package func isLimited(_ category: DataCategory, now: Double) -> Bool {
        if allDeadline > now { return true }
        guard category != .internal else { return false }
        return (deadlines[category] ?? 0) > now
    }

    /// Whether an item may not be sent: any of its categories is limited (logs: `log_item` or
    /// `log_byte`; attachments: `attachment` or `attachment_item`).
    package func isLimited(_ item: EnvelopeItem, now: Double) -> Bool {
        item.dataCategories.contains { isLimited($0.category, now: now) }
    }

    /// Whether every category is limited.
    package func isEverythingLimited(now: Double) -> Bool { allDeadline > now }

    /// When the all-category limit ends (a time in the past when there is none).
    package var everythingLimitedUntil: Double { allDeadline }

    /// When the last limit of any category ends (a time in the past when there is none).
    package var anythingLimitedUntil: Double { deadlines.values.reduce(allDeadline, max) }

    /// `Retry-After` as seconds: a number, or an HTTP date (treated as 60 s since we keep no wall clock here).
    static func parseRetryAfter(_ value: String) -> Double? {
        let trimmed = value.trimmingCharacters(in: " \t")
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 { return seconds.rounded(.up) }
        return trimmed.isEmpty ? nil : 60
    }
}
