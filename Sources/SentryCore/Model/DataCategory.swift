/// What rate limits and client reports count: one category per kind of data.
public enum DataCategory: String, Sendable, Hashable, CaseIterable, JSONEncodable {
    case `default`
    case error
    case transaction
    case security
    case attachment
    case attachmentItem = "attachment_item"
    case session
    case profile
    case profileChunk = "profile_chunk"
    case profileChunkUI = "profile_chunk_ui"
    case replay
    case monitor
    case span
    case feedback
    case logItem = "log_item"
    case logByte = "log_byte"
    case traceMetric = "trace_metric"
    case traceMetricByte = "trace_metric_byte"
    case `internal`
    case unknown

    /// Writes the wire name.
    package func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
}

/// Why the SDK dropped something (client report `reason`).
public enum DiscardReason: String, Sendable, Hashable, CaseIterable, JSONEncodable {
    case queueOverflow = "queue_overflow"
    case cacheOverflow = "cache_overflow"
    case ratelimitBackoff = "ratelimit_backoff"
    case networkError = "network_error"
    case sampleRate = "sample_rate"
    case beforeSend = "before_send"
    case eventProcessor = "event_processor"
    case sendError = "send_error"
    case internalSdkError = "internal_sdk_error"
    case insufficientData = "insufficient_data"
    case backpressure
    case bufferOverflow = "buffer_overflow"
    case ignored
    case invalid

    /// Writes the wire name.
    package func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
}

/// The `client_report` item: how much the SDK dropped, and why.
public struct ClientReport: Sendable, Hashable, JSONEncodable {
    /// One (reason, category) total.
    public struct DiscardedEvents: Sendable, Hashable, JSONEncodable {
        /// Why.
        public var reason: DiscardReason
        /// What.
        public var category: DataCategory
        /// How many (bytes for byte categories).
        public var quantity: Int

        /// Creates a total.
        package init(reason: DiscardReason, category: DataCategory, quantity: Int) {
            self.reason = reason
            self.category = category
            self.quantity = quantity
        }

        /// Writes `{reason, category, quantity}`.
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("reason", reason)
                w.field("category", category)
                w.field("quantity", quantity)
            }
        }
    }

    /// When the report was made.
    public var timestamp: SentryTimestamp
    /// The totals.
    public var discardedEvents: [DiscardedEvents]

    /// Creates a report.
    package init(timestamp: SentryTimestamp = .now(), discardedEvents: [DiscardedEvents]) {
        self.timestamp = timestamp
        self.discardedEvents = discardedEvents
    }

    /// Writes `{timestamp, discarded_events}`.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("timestamp", timestamp)
            w.field("discarded_events", discardedEvents)
        }
    }
}
