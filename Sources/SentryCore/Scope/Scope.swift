/// The data applied to every event captured while it is active: tags, user, contexts,
/// breadcrumbs, feature flags, attachments, event processors and the trace it continues.
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
    /// Attributes added to logs and metrics recorded under this scope.
    public var attributes: [String: Attribute] = [:]
    /// Runs on every event captured under this scope, before the client's own processors.
    public var eventProcessors: [any EventProcessor] = []
    /// The trace used when no span is active.
    public var propagationContext = PropagationContext()
    /// The active span.
    public var span: (any Span)?
    /// The request-mode session of the request this scope isolates.
    package var requestSession: RequestSession?
    private var breadcrumbBuffer = RingBuffer<Breadcrumb>(capacity: 100)
    private var flagBuffer = FeatureFlagBuffer()

    /// An empty scope.
    public init() {}

    /// The most recent breadcrumbs, oldest first, at most ``maxBreadcrumbs``.
    public var breadcrumbs: [Breadcrumb] { breadcrumbBuffer.elements }

    /// How many breadcrumbs are kept (default 100).
    public var maxBreadcrumbs: Int {
        get { breadcrumbBuffer.capacity }
        set { breadcrumbBuffer.capacity = max(0, newValue) }
    }

    /// The most recent feature-flag evaluations (at most 100, least recently updated evicted).
    public var featureFlags: [FlagsContext.Evaluation] { flagBuffer.evaluations }

    /// Sets a tag.
    public mutating func setTag(_ value: String, forKey key: String) { tags[key] = value }
    /// Removes a tag.
    public mutating func removeTag(forKey key: String) { tags[key] = nil }
    /// Sets an extra value.
    public mutating func setExtra(_ value: JSONValue, forKey key: String) { extra[key] = value }
    /// Sets a custom context.
    public mutating func setContext(_ value: JSONValue, forKey key: String) { contexts[key] = value }
    /// Sets (or, with `nil`, removes) the user.
    public mutating func setUser(_ user: User?) { self.user = user }
    /// Sets (or, with `nil`, removes) the level every event gets.
    public mutating func setLevel(_ level: SentryLevel?) { self.level = level }
    /// Sets the fingerprint (grouping) of every event.
    public mutating func setFingerprint(_ fingerprint: [String]) { self.fingerprint = fingerprint }
    /// Sets an attribute for logs and metrics.
    public mutating func setAttribute(_ value: Attribute, forKey key: String) { attributes[key] = value }
    /// Adds an attachment.
    public mutating func addAttachment(_ attachment: Attachment) { attachments.append(attachment) }
    /// Adds an event processor.
    public mutating func addEventProcessor(_ processor: any EventProcessor) { eventProcessors.append(processor) }

    /// Appends a breadcrumb, overwriting the oldest beyond ``maxBreadcrumbs``.
    public mutating func addBreadcrumb(_ breadcrumb: Breadcrumb) { breadcrumbBuffer.append(breadcrumb) }

    /// Removes all breadcrumbs.
    public mutating func clearBreadcrumbs() { breadcrumbBuffer.removeAll() }

    /// Records a feature-flag evaluation (it becomes the most recent).
    public mutating func addFeatureFlag(_ name: String, result: Bool) { flagBuffer.add(name, result: result) }

    /// Resets everything but the breadcrumb limit and the trace.
    public mutating func clear() {
        let limit = maxBreadcrumbs
        let propagation = propagationContext
        self = Scope()
        maxBreadcrumbs = limit
        propagationContext = propagation
    }
}

/// A fixed-capacity ring: appending past capacity overwrites the oldest element in O(1).
struct RingBuffer<Element: Sendable>: Sendable {
    private var storage: [Element] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    var capacity: Int {
        didSet {
            guard capacity != oldValue else { return }
            let kept = Array(elements.suffix(capacity))
            storage = kept
            head = 0
        }
    }

    var count: Int { storage.count }

    var elements: [Element] {
        guard head > 0 else { return storage }
        return Array(storage[head...] + storage[..<head])
    }

    mutating func append(_ element: Element) {
        guard capacity > 0 else { return }
        if storage.count < capacity {
            storage.append(element)
        } else {
            storage[head] = element
            head = (head + 1) % capacity
        }
    }

    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        head = 0
    }
}

/// The last 100 unique flag evaluations, least recently updated first.
struct FeatureFlagBuffer: Sendable {
    static let capacity = 100
    private(set) var evaluations: [FlagsContext.Evaluation] = []

    mutating func add(_ name: String, result: Bool) {
        if let index = evaluations.firstIndex(where: { $0.flag == name }) { evaluations.remove(at: index) }
        evaluations.append(.init(flag: name, result: result))
        if evaluations.count > Self.capacity { evaluations.removeFirst(evaluations.count - Self.capacity) }
    }
}
