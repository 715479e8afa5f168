public import SentryCore

/// The server's rate limits: a deadline per data category plus one for all categories.
///
/// Fed from `X-Sentry-Rate-Limits` (on every response) and `Retry-After` (on 429). Times are
/// monotonic seconds, passed in so tests need no sleeping.
public struct RateLimits: Sendable {
    private var deadlines: [DataCategory: Double] = [:]
    private var allDeadline: Double = 0

    /// No limits.
    public init() {}

    /// Applies a response's headers received at `now`.
    public mutating func update(status: Int, rateLimitsHeader: String?, retryAfterHeader: String?, now: Double) {
        if let header = rateLimitsHeader, !header.isEmpty {
            apply(rateLimitsHeader: header, now: now)
        } else if status == 429 {
            let seconds = retryAfterHeader.flatMap(Self.parseRetryAfter) ?? 60
            allDeadline = max(allDeadline, now + seconds)
        }
    }

    /// Parses `retry_after:categories:scope[:reason[:namespaces]]` entries separated by commas.
    /// Unknown categories are ignored; a limit made only of unknown ones is ignored entirely.
    public mutating func apply(rateLimitsHeader header: String, now: Double) {
        for limit in header.split(separator: ",") {
            let fields = limit.split(separator: ":", omittingEmptySubsequences: false)
            guard let first = fields.first, let seconds = Double(first.trimmingCharacters(in: " \t")),
                seconds.isFinite, seconds >= 0
            else { continue }
            let deadline = now + seconds.rounded(.up)
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
    public func isLimited(_ category: DataCategory, now: Double) -> Bool {
        if allDeadline > now { return true }
        guard category != .internal else { return false }
        return (deadlines[category] ?? 0) > now
    }

    /// Whether an item may not be sent: any of its categories is limited (logs: `log_item` or
    /// `log_byte`; attachments: `attachment` or `attachment_item`).
    public func isLimited(_ item: EnvelopeItem, now: Double) -> Bool {
        item.dataCategories.contains { isLimited($0.category, now: now) }
    }

    /// Whether every category is limited.
    public func isEverythingLimited(now: Double) -> Bool { allDeadline > now }

    /// `Retry-After` as seconds: a number, or an HTTP date (treated as 60 s since we keep no wall clock here).
    static func parseRetryAfter(_ value: String) -> Double? {
        let trimmed = value.trimmingCharacters(in: " \t")
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 { return seconds.rounded(.up) }
        return trimmed.isEmpty ? nil : 60
    }
}
