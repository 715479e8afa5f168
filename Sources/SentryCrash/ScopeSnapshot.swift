package import SentryCore

/// What a crash report keeps of the scopes and options: release, environment, dist, tags,
/// extra, user, fingerprint, transaction, level and the last breadcrumbs. Serialized to JSON
/// ahead of time (the signal handler only copies bytes) and read back at the next start.
package struct ScopeSnapshot: Sendable, Hashable {
    /// The release.
    package var release: String?
    /// The environment.
    package var environment: String?
    /// The distribution.
    package var dist: String?
    /// Merged tags (later scopes win).
    package var tags: [String: String] = [:]
    /// Merged extra values.
    package var extra: [String: JSONValue] = [:]
    /// The user.
    package var user: User?
    /// The fingerprint.
    package var fingerprint: [String] = []
    /// The transaction name.
    package var transaction: String?
    /// The last breadcrumbs, oldest first.
    package var breadcrumbs: [Breadcrumb] = []

    /// The most breadcrumbs kept.
    package static let breadcrumbLimit = 100

    /// An empty snapshot.
    package init() {}

    /// Merges `scopes` (global, isolation, current) over the options' release data.
    package init(options: Options, scopes: [Scope]) {
        release = options.release
        environment = options.environment ?? "production"
        dist = options.dist
        for scope in scopes {
            tags.merge(scope.tags) { _, new in new }
            extra.merge(scope.extra) { _, new in new }
            if let scopeUser = scope.user { user = scopeUser }
            if !scope.fingerprint.isEmpty { fingerprint = scope.fingerprint }
            if let name = scope.transactionName { transaction = name }
            breadcrumbs += scope.breadcrumbs
        }
        if scopes.count > 1 { breadcrumbs.sort { $0.timestamp < $1.timestamp } }
        breadcrumbs = Array(breadcrumbs.suffix(min(options.maxBreadcrumbs, Self.breadcrumbLimit)))
    }

    /// The JSON form; breadcrumbs are dropped oldest first until it fits in `limit` bytes.
    package func serialized(limit: Int) -> [UInt8] {
        var kept = breadcrumbs[...]
        while true {
            var writer = JSONWriter(capacity: 1024)
            writer.object { w in
                w.field("release", release)
                w.field("environment", environment)
                w.field("dist", dist)
                w.nonEmpty("tags", tags)
                w.nonEmpty("extra", extra)
                w.field("user", user)
                w.nonEmpty("fingerprint", fingerprint)
                w.field("transaction", transaction)
                w.nonEmpty("breadcrumbs", Array(kept))
            }
            if writer.bytes.count <= limit || kept.isEmpty { return writer.bytes.count <= limit ? writer.bytes : [] }
            kept = kept.dropFirst(max(1, kept.count / 4))
        }
    }

    /// Reads the JSON form back; `nil` when it is not a JSON object.
    package init?(json bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes), let object = value.objectValue else { return nil }
        release = object["release"]?.stringValue
        environment = object["environment"]?.stringValue
        dist = object["dist"]?.stringValue
        tags = (object["tags"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        extra = object["extra"]?.objectValue ?? [:]
        if let fields = object["user"]?.objectValue {
            var user = User(
                id: fields["id"]?.stringValue, username: fields["username"]?.stringValue,
                email: fields["email"]?.stringValue, ipAddress: fields["ip_address"]?.stringValue)
            for (key, value) in fields where !["id", "username", "email", "ip_address", "geo"].contains(key) {
                user.data[key] = value
            }
            self.user = user
        }
        fingerprint = (object["fingerprint"]?.arrayValue ?? []).compactMap(\.stringValue)
        transaction = object["transaction"]?.stringValue
        breadcrumbs = (object["breadcrumbs"]?.arrayValue ?? []).compactMap { item in
            guard let fields = item.objectValue else { return nil }
            return Breadcrumb(
                message: fields["message"]?.stringValue, category: fields["category"]?.stringValue,
                level: fields["level"]?.stringValue.flatMap(SentryLevel.init(rawValue:)), type: fields["type"]?.stringValue,
                data: fields["data"]?.objectValue ?? [:], origin: fields["origin"]?.stringValue,
                timestamp: SentryTimestamp(secondsSince1970: fields["timestamp"]?.doubleValue ?? 0))
        }
    }

    /// Puts the snapshot on a crash event.
    package func apply(to event: inout Event) {
        event.release = event.release ?? release
        event.environment = event.environment ?? environment
        event.dist = event.dist ?? dist
        event.tags.merge(tags) { own, _ in own }
        event.extra.merge(extra) { own, _ in own }
        if event.user == nil { event.user = user }
        if event.fingerprint.isEmpty { event.fingerprint = fingerprint }
        if event.transaction == nil { event.transaction = transaction }
        event.breadcrumbs = breadcrumbs + event.breadcrumbs
    }
}
