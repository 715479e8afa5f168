package import SentryCore

/// Merges scopes onto an event: global, then isolation, then current, later winning on key
/// conflicts and the event's own values winning over all of them.
package enum ScopeApplication {
    /// Applies `scopes` (in order) to `event`; returns the event processors to run, in order.
    package static func apply(_ scopes: [Scope], to event: inout Event) -> [any EventProcessor] {
        var tags: [String: String] = [:]
        var extra: [String: JSONValue] = [:]
        var contexts: [String: JSONValue] = [:]
        var processors: [any EventProcessor] = []
        var breadcrumbs: [Breadcrumb] = []
        var flags: [String: FlagsContext.Evaluation] = [:]
        var flagOrder: [String] = []
        var maxBreadcrumbs = 100
        var user: User?
        var fingerprint: [String] = []
        for scope in scopes {
            tags.merge(scope.tags) { _, new in new }
            extra.merge(scope.extra) { _, new in new }
            contexts.merge(scope.contexts) { _, new in new }
            if let scoped = scope.user { user = scoped }
            if let level = scope.level { event.level = level }
            if !scope.fingerprint.isEmpty { fingerprint = scope.fingerprint }
            if let name = scope.transactionName, !event.isTransaction { event.transaction = name }
            processors += scope.eventProcessors
            breadcrumbs += scope.breadcrumbs
            maxBreadcrumbs = scope.maxBreadcrumbs
            for flag in scope.featureFlags {
                if flags[flag.flag] == nil { flagOrder.append(flag.flag) }
                flags[flag.flag] = flag
            }
        }
        if event.user == nil { event.user = user }
        if event.fingerprint.isEmpty { event.fingerprint = fingerprint }
        event.tags = tags.merging(event.tags) { _, own in own }
        event.extra = extra.merging(event.extra) { _, own in own }
        event.contexts.other = contexts.merging(event.contexts.other) { _, own in own }
        if !breadcrumbs.isEmpty {
            let merged = (breadcrumbs + event.breadcrumbs).sorted { $0.timestamp < $1.timestamp }
            event.breadcrumbs = Array(merged.suffix(maxBreadcrumbs))
        }
        if !flagOrder.isEmpty, !event.isTransaction, event.contexts.flags == nil {
            event.contexts.flags = FlagsContext(values: flagOrder.suffix(100).compactMap { flags[$0] })
        }
        if event.contexts.trace == nil {
            if let span = scopes.last(where: { $0.span != nil })?.span {
                event.contexts.trace = TraceContext(traceId: span.traceId, spanId: span.spanId)
            } else if let isolation = scopes.dropFirst().first ?? scopes.first {
                event.contexts.trace = isolation.propagationContext.traceContext
            }
        }
        return processors
    }
}
