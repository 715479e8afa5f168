public import Logging
import SentryCore

/// A swift-log `LogHandler` that feeds Sentry: lines at or above ``breadcrumbLevel`` become
/// breadcrumbs, lines at or above ``eventLevel`` become events (a `error` metadata value holding
/// a Swift `Error` is captured as an exception), and with `enableLogs` on, lines at or above
/// ``logLevel`` become Sentry logs. Metadata becomes breadcrumb data, event extra and log attributes.
///
/// ```swift
/// LoggingSystem.bootstrap { label in SentryLogHandler(label: label) }
/// ```
public struct SentryLogHandler: LogHandler {
    /// The logger's label (becomes the event's `logger`).
    public let label: String
    /// Lines below this are ignored by swift-log before reaching the handler.
    public var logLevel: Logger.Level
    /// The lowest level recorded as a breadcrumb (default `info`).
    public var breadcrumbLevel: Logger.Level
    /// The lowest level captured as an event (default `error`).
    public var eventLevel: Logger.Level
    /// The lowest level sent as a Sentry log when `enableLogs` is on (default `info`).
    public var sentryLogLevel: Logger.Level
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]

    /// Creates a handler for `label`.
    public init(
        label: String, breadcrumbLevel: Logger.Level = .info, eventLevel: Logger.Level = .error,
        sentryLogLevel: Logger.Level = .info
    ) {
        self.label = label
        self.breadcrumbLevel = breadcrumbLevel
        self.eventLevel = eventLevel
        self.sentryLogLevel = sentryLogLevel
        self.logLevel = min(breadcrumbLevel, eventLevel, sentryLogLevel)
    }

    /// Reads or writes one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Handles one log line.
    public func log(event: LogEvent) {
        guard SentrySDK.isEnabled, !LogRecursionGuard.isActive else { return }
        LogRecursionGuard.$isActive.withValue(true) { record(event) }
    }

    private func record(_ line: LogEvent) {
        let merged = line.metadata.map { metadata.merging($0) { _, new in new } } ?? metadata
        let message = line.message.description
        if line.level >= breadcrumbLevel {
            SentrySDK.addBreadcrumb(Breadcrumb(
                message: message, category: label, level: Self.sentryLevel(line.level), type: line.level >= .error ? "error" : "default",
                data: merged.mapValues(Self.json), origin: "auto.log.swift_log"))
        }
        if line.level >= sentryLogLevel {
            var attributes = merged.mapValues { Attribute(Self.attribute($0)) }
            attributes["sentry.origin"] = Attribute(.string("auto.log.swift_log"))
            attributes["logger.name"] = Attribute(.string(label))
            attributes["code.file.path"] = Attribute(.string(line.file))
            attributes["code.line.number"] = Attribute(.int(Int64(line.line)))
            SentrySDK.logger.log(Self.logLevel(line.level), SentryLogMessage(stringLiteral: message), attributes: attributes)
        }
        if line.level >= eventLevel {
            let extra = merged.filter { $0.key != "error" }.mapValues(Self.json)
            let label = self.label
            if case .stringConvertible(let value)? = merged["error"], let error = value as? any Error {
                SentrySDK.capture(error: error, configureScope: { scope in
                    for (key, value) in extra { scope.setExtra(value, forKey: key) }
                    scope.setTag(label, forKey: "logger")
                })
            } else {
                var event = Event(level: Self.sentryLevel(line.level), message: Event.Message(formatted: message))
                event.logger = label
                event.extra = extra
                SentrySDK.capture(event: event)
            }
        }
    }

    static func sentryLevel(_ level: Logger.Level) -> SentryLevel {
        switch level {
        case .trace, .debug: .debug
        case .info, .notice: .info
        case .warning: .warning
        case .error: .error
        case .critical: .fatal
        }
    }

    static func logLevel(_ level: Logger.Level) -> SentryLog.Level {
        switch level {
        case .trace: .trace
        case .debug: .debug
        case .info, .notice: .info
        case .warning: .warn
        case .error: .error
        case .critical: .fatal
        }
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let values): .object(values.mapValues(json))
        }
    }

    static func attribute(_ value: Logger.Metadata.Value) -> AttributeValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let number as Int: .int(Int64(number))
            case let number as Double: .double(number)
            case let flag as Bool: .bool(flag)
            default: .string(convertible.description)
            }
        case .array(let values): .array(values.map { .string(json($0).stringValue ?? "\($0)") })
        case .dictionary: .string(json(value).jsonString())
        }
    }
}

/// Stops the handler from feeding itself: anything logged while it records a line is ignored.
enum LogRecursionGuard {
    @TaskLocal static var isActive = false
}
