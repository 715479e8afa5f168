/// The data applied to every event captured while it is active: tags, user, contexts,
/// breadcrumbs and more.
///
/// A value type: copying (forking) costs a few reference counts, and a write copies only the
/// collection it touches, so a fork never leaks changes to its parent or siblings.
public struct Scope: Sendable {
    /// Searchable tags.
    public var tags: [String: String] = [:]
    /// Arbitrary data (prefer contexts).
    public var extra: [String: JSONValue] = [:]
    /// Custom contexts by key.
    public var contexts: [String: JSONValue] = [:]
    /// The user.
    public var user: User?
    /// A level that overrides the event's.
    public var level: SentryLevel?
    /// A grouping fingerprint.
    public var fingerprint: [String] = []
    /// The transaction (route) name.
    public var transactionName: String?
    /// Attachments sent with every event.
    public var attachments: [Attachment] = []
    /// The most recent breadcrumbs, oldest first, at most ``maxBreadcrumbs``.
    public private(set) var breadcrumbs: [Breadcrumb] = []
    /// How many breadcrumbs are kept.
    public var maxBreadcrumbs: Int = 100 {
        didSet { trimBreadcrumbs() }
    }

    /// An empty scope.
    public init() {}

    /// Sets a tag.
    public mutating func setTag(_ value: String, forKey key: String) { tags[key] = value }
    /// Removes a tag.
    public mutating func removeTag(forKey key: String) { tags[key] = nil }
    /// Sets an extra value.
    public mutating func setExtra(_ value: JSONValue, forKey key: String) { extra[key] = value }
    /// Sets a custom context.
    public mutating func setContext(_ value: JSONValue, forKey key: String) { contexts[key] = value }

    /// Appends a breadcrumb, dropping the oldest beyond ``maxBreadcrumbs``.
    public mutating func addBreadcrumb(_ breadcrumb: Breadcrumb) {
        guard maxBreadcrumbs > 0 else { return }
        breadcrumbs.append(breadcrumb)
        trimBreadcrumbs()
    }

    /// Removes all breadcrumbs.
    public mutating func clearBreadcrumbs() { breadcrumbs.removeAll(keepingCapacity: true) }

    /// Resets everything but the breadcrumb limit.
    public mutating func clear() {
        let limit = maxBreadcrumbs
        self = Scope()
        maxBreadcrumbs = limit
    }

    private mutating func trimBreadcrumbs() {
        let excess = breadcrumbs.count - max(maxBreadcrumbs, 0)
        if excess > 0 { breadcrumbs.removeFirst(excess) }
    }
}
