#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the SDK's own diagnostics go. It never goes through the app's logging, so the SDK
/// cannot log recursively through itself.
public protocol DiagnosticLogger: Sendable {
    /// Writes one diagnostic line.
    func log(_ level: SentryLevel, _ message: String)
}

/// Writes diagnostics to standard error, prefixed with `[Sentry]`.
public struct StderrDiagnosticLogger: DiagnosticLogger {
    /// Creates the logger.
    public init() {}

    /// Writes `[Sentry] [level] message` to stderr.
    public func log(_ level: SentryLevel, _ message: String) {
        let line = "[Sentry] [\(level.rawValue)] \(message)\n"
        _ = line.utf8CString.withUnsafeBufferPointer { buffer in
            write(2, buffer.baseAddress, buffer.count - 1)
        }
    }
}

/// Filters diagnostics by level and forwards them; silent unless `debug` is on.
public struct Diagnostics: Sendable {
    /// Whether anything is written.
    public var isEnabled: Bool
    /// The lowest level written.
    public var minimumLevel: SentryLevel
    /// Where lines go.
    public var logger: any DiagnosticLogger

    /// Creates a diagnostics channel.
    public init(isEnabled: Bool, minimumLevel: SentryLevel = .debug, logger: any DiagnosticLogger = StderrDiagnosticLogger()) {
        self.isEnabled = isEnabled
        self.minimumLevel = minimumLevel
        self.logger = logger
    }

    /// Writes `message` when enabled and at or above the minimum level; builds nothing otherwise.
    @inlinable
    public func log(_ level: SentryLevel, _ message: @autoclosure () -> String) {
        guard isEnabled, level >= minimumLevel else { return }
        logger.log(level, message())
    }
}
