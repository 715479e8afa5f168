/// The severity of an event or breadcrumb. Logs use ``SentryLog/Level`` instead (`warn`, not `warning`).
public enum SentryLevel: String, Sendable, Hashable, CaseIterable, Comparable, JSONEncodable {
    case debug, info, warning, error, fatal

    private var rank: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        case .fatal: 4
        }
    }

    /// Orders levels by severity.
    public static func < (lhs: SentryLevel, rhs: SentryLevel) -> Bool { lhs.rank < rhs.rank }

    /// Writes the level's wire name.
    package func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
}
