package import SentryCore

/// Trims an event to the protocol's field limits, and strings to `maxValueLength` when set,
/// so Relay never has to drop or cut what the SDK could have trimmed sensibly.
package struct EventTruncation: Sendable {
    /// The message limit Relay applies.
    package static let maxMessageLength = 8192
    /// Tag keys and values.
    package static let maxTagLength = 200
    /// `environment`, `dist`, `logger`.
    package static let maxShortFieldLength = 64
    /// The most frames kept per stack (the newest and oldest halves survive).
    package static let maxFrames = 250

    private let maxValueLength: Int?

    /// A truncation with an optional general string limit.
    package init(maxValueLength: Int?) { self.maxValueLength = maxValueLength.map { max($0, 1) } }

    /// Trims `event` in place.
    package func apply(_ event: inout Event) {
        if var message = event.message {
            message.formatted = limit(message.formatted, Self.maxMessageLength)
            event.message = message
        }
        event.environment = event.environment.map { Self.cut($0, to: Self.maxShortFieldLength) }
        event.dist = event.dist.map { Self.cut($0, to: Self.maxShortFieldLength) }
        event.logger = event.logger.map { Self.cut($0, to: Self.maxShortFieldLength) }
        event.transaction = event.transaction.map { Self.cut($0, to: Self.maxTagLength) }
        if event.tags.contains(where: { $0.key.count > Self.maxTagLength || $0.value.count > Self.maxTagLength }) {
            event.tags = Dictionary(
                event.tags.map { (Self.cut($0.key, to: Self.maxTagLength), Self.cut($0.value, to: Self.maxTagLength)) },
                uniquingKeysWith: { first, _ in first })
        }
        for index in event.exceptions.indices {
            event.exceptions[index].value = event.exceptions[index].value.map { limit($0, Self.maxMessageLength) }
            if let frames = event.exceptions[index].stacktrace?.frames, frames.count > Self.maxFrames {
                event.exceptions[index].stacktrace?.frames = Array(frames.prefix(Self.maxFrames / 2) + frames.suffix(Self.maxFrames / 2))
            }
        }
        for index in event.breadcrumbs.indices {
            event.breadcrumbs[index].message = event.breadcrumbs[index].message.map { limit($0, Self.maxMessageLength) }
        }
        if let maxValueLength {
            event.extra = event.extra.mapValues { Self.cut($0, to: maxValueLength) }
        }
    }

    private func limit(_ text: String, _ protocolLimit: Int) -> String {
        Self.cut(text, to: min(protocolLimit, maxValueLength ?? protocolLimit))
    }

    /// `text` cut to at most `length` characters, ending in `...` when cut.
    package static func cut(_ text: String, to length: Int) -> String {
        guard text.utf8.count > length, text.count > length else { return text }
        guard length > 3 else { return String(text.prefix(length)) }
        return String(text.prefix(length - 3)) + "..."
    }

    static func cut(_ value: JSONValue, to length: Int, depth: Int = 0) -> JSONValue {
        guard depth < 8 else { return value }
        switch value {
        case .string(let text): return .string(cut(text, to: length))
        case .array(let elements): return .array(elements.map { cut($0, to: length, depth: depth + 1) })
        case .object(let members): return .object(members.mapValues { cut($0, to: length, depth: depth + 1) })
        default: return value
        }
    }
}
