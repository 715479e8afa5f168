/// An envelope item's `type`. Unknown types read from the wire are kept as they are.
public struct EnvelopeItemType: RawRepresentable, Hashable, Sendable, CustomStringConvertible, JSONEncodable {
    /// The wire name.
    public var rawValue: String

    /// Creates a type from its wire name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An error or message event.
    public static let event = EnvelopeItemType(rawValue: "event")
    /// A transaction event.
    public static let transaction = EnvelopeItemType(rawValue: "transaction")
    /// A file belonging to the envelope's event.
    public static let attachment = EnvelopeItemType(rawValue: "attachment")
    /// One session update.
    public static let session = EnvelopeItemType(rawValue: "session")
    /// Session aggregates.
    public static let sessions = EnvelopeItemType(rawValue: "sessions")
    /// Discarded-data totals.
    public static let clientReport = EnvelopeItemType(rawValue: "client_report")
    /// A transaction profile (sample format v1).
    public static let profile = EnvelopeItemType(rawValue: "profile")
    /// A continuous-profiling chunk (sample format v2).
    public static let profileChunk = EnvelopeItemType(rawValue: "profile_chunk")
    /// A cron check-in.
    public static let checkIn = EnvelopeItemType(rawValue: "check_in")
    /// A container of structured logs.
    public static let log = EnvelopeItemType(rawValue: "log")
    /// A container of trace-connected metrics.
    public static let traceMetric = EnvelopeItemType(rawValue: "trace_metric")
    /// A container of v2 spans.
    public static let span = EnvelopeItemType(rawValue: "span")
    /// User feedback (an event with `contexts.feedback`).
    public static let feedback = EnvelopeItemType(rawValue: "feedback")
    /// Legacy user feedback.
    public static let userReport = EnvelopeItemType(rawValue: "user_report")

    /// The wire name.
    public var description: String { rawValue }

    /// Writes the wire name.
    package func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
}

/// The vendor content types of container items.
package enum ContainerContentType {
    /// `log` containers.
    package static let log = "application/vnd.sentry.items.log+json"
    /// `trace_metric` containers.
    package static let traceMetric = "application/vnd.sentry.items.trace-metric+json"
    /// `span` (v2) containers.
    package static let span = "application/vnd.sentry.items.span.v2+json"
}
