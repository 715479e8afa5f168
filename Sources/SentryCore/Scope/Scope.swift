/// The data applied to every event captured while it is active: tags, user, contexts,
/// breadcrumbs, feature flags, attachments, event processors and the trace it continues.
///
/// A value type with its fields (all but the tags) in one copy-on-write box: copying (forking) a
/// scope is two retains, and its first write copies the box, so a fork never leaks changes to its
/// parent or siblings.
public struct Scope: Sendable {
    private var box = Box(Fields())

    /// The scope's fields. Each write goes through ``Scope/unique()`` first.
    private struct Fields {
        var extra: [String: JSONValue] = [:]
        var contexts: [String: JSONValue] = [:]
        var user: User?
        var level: SentryLevel?
        var fingerprint: [String] = []
        var transactionName: String?
        var attachments: [Attachment] = []
        var attributes: [String: Attribute] = [:]
        var eventProcessors: [any EventProcessor] = []
        var propagationContext = PropagationContext()
        var span: (any Span)?
        var requestSession: RequestSession?
        var breadcrumbBuffer = RingBuffer<Breadcrumb>(capacity: 100)
        var flagBuffer = FeatureFlagBuffer()
    }

    /// `@unchecked Sendable` without a lock: a box is written only while one scope value holds
    /// it (``Scope/unique()`` copies a shared box first), so a box that is shared is never written.
    /// `@exclusivity(unchecked)`: for the same reason no two accesses to `fields` can overlap.
    private final class Box: @unchecked Sendable {
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    /// Makes the box this scope's own before a write.
    private mutating func unique() {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
    }

    /// An empty scope.
    public init() {}

    /// Searchable tags. Kept outside the box, since tags are what a forked scope changes most
    /// often: setting one copies the tags alone, not the box's other fields.
    public var tags: [String: String] = [:]
    /// Arbitrary data (prefer contexts).
    public var extra: [String: JSONValue] {
        get { box.fields.extra }
        _modify { unique(); yield &box.fields.extra }
    }
    /// Custom contexts by key.
    public var contexts: [String: JSONValue] {
        get { box.fields.contexts }
        _modify { unique(); yield &box.fields.contexts }
    }
    /// The user.
    public var user: User? {
        get { box.fields.user }
        _modify { unique(); yield &box.fields.user }
    }
    /// A level that overrides the event's.
    public var level: SentryLevel? {
        get { box.fields.level }
        _modify { unique(); yield &box.fields.level }
    }
    /// A grouping fingerprint.
    public var fingerprint: [String] {
        get { box.fields.fingerprint }
        _modify { unique(); yield &box.fields.fingerprint }
    }
    /// The transaction (route) name.
    public var transactionName: String? {
        get { box.fields.transactionName }
        _modify { unique(); yield &box.fields.transactionName }
    }
    /// Attachments sent with every event.
    public var attachments: [Attachment] {
        get { box.fields.attachments }
        _modify { unique(); yield &box.fields.attachments }
    }
    /// Attributes added to logs and metrics recorded under this scope.
    public var attributes: [String: Attribute] {
        get { box.fields.attributes }
        _modify { unique(); yield &box.fields.attributes }
    }
    /// Runs on every event captured under this scope, before the client's own processors.
    public var eventProcessors: [any EventProcessor] {
        get { box.fields.eventProcessors }
        _modify { unique(); yield &box.fields.eventProcessors }
    }
    /// The trace used when no span is active.
    public var propagationContext: PropagationContext {
        get { box.fields.propagationContext }
        _modify { unique(); yield &box.fields.propagationContext }
    }
    /// The trace id of ``propagationContext``, read without copying the whole context.
    package var traceId: SentryId { box.fields.propagationContext.traceId }
    /// The active span.
    public var span: (any Span)? {
        get { box.fields.span }
        _modify { unique(); yield &box.fields.span }
    }
    /// The request-mode session of the request this scope isolates.
    package var requestSession: RequestSession? {
        get { box.fields.requestSession }
        _modify { unique(); yield &box.fields.requestSession }
    }

    private var breadcrumbBuffer: RingBuffer<Breadcrumb> {
        get { box.fields.breadcrumbBuffer }
        _modify { unique(); yield &box.fields.breadcrumbBuffer }
    }
    private var flagBuffer: FeatureFlagBuffer {
        get { box.fields.flagBuffer }
        _modify { unique(); yield &box.fields.flagBuffer }
    }

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
    public mutating func addBreadcrumb(_ breadcrumb: consuming Breadcrumb) { breadcrumbBuffer.append(consume breadcrumb) }

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

    mutating func append(_ element: consuming Element) {
        guard capacity > 0 else { return }
        if storage.count < capacity {
            storage.append(consume element)
        } else {
            storage[head] = consume element
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
