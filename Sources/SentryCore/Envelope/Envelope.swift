/// A Sentry envelope: a JSON header line, then items, each a header line and a payload.
public struct Envelope: Sendable, Hashable {
    /// The envelope header.
    public struct Header: Sendable, Hashable {
        /// The event id; required with `event`, `transaction`, `feedback` and attachments.
        public var eventId: SentryId?
        /// When the envelope was sent: written once, at send time, never when spooled.
        public var sentAt: SentryTimestamp?
        /// A DSN, for self-authentication.
        public var dsn: String?
        /// The SDK.
        package var sdk: SdkInfo?
        /// The dynamic sampling context of trace-bound data.
        public var trace: DynamicSamplingContext?
        /// Header keys this SDK does not model, kept when read from the wire.
        public var other: [String: JSONValue]

        /// Creates a header.
        public init(
            eventId: SentryId? = nil, sentAt: SentryTimestamp? = nil, dsn: String? = nil,
            trace: DynamicSamplingContext? = nil, other: [String: JSONValue] = [:]
        ) {
            self.init(eventId: eventId, sentAt: sentAt, dsn: dsn, sdk: nil, trace: trace, other: other)
        }

        /// Creates a header naming the SDK.
        package init(
            eventId: SentryId? = nil, sentAt: SentryTimestamp? = nil, dsn: String? = nil, sdk: SdkInfo?,
            trace: DynamicSamplingContext? = nil, other: [String: JSONValue] = [:]
        ) {
            self.eventId = eventId
            self.sentAt = sentAt
            self.dsn = dsn
            self.sdk = sdk
            self.trace = trace
            self.other = other
        }

        func encode(to writer: inout JSONWriter) {
            writer.object { w in
                for (key, value) in other {
                    w.key(string: key)
                    value.encode(to: &w)
                }
                w.field("event_id", eventId)
                w.field("sent_at", sentAt?.rfc3339)
                w.field("dsn", dsn)
                w.field("sdk", sdk)
                w.field("trace", trace)
            }
        }

        static let knownKeys: Set<String> = ["event_id", "sent_at", "dsn", "sdk", "trace"]
    }

    /// The header.
    public var header: Header
    /// The items, in order.
    public var items: [EnvelopeItem]

    /// Creates an envelope.
    public init(header: Header = Header(), items: [EnvelopeItem] = []) {
        self.header = header
        self.items = items
    }

    /// An envelope for one event (or transaction) and its attachments.
    public init(event: Event, attachments: [Attachment] = [], trace: DynamicSamplingContext? = nil) {
        var items: [EnvelopeItem] = []
        items.reserveCapacity(1 + attachments.count + event.envelopeItems.count)
        items.append(event.isFeedback ? EnvelopeItem(feedback: event) : EnvelopeItem(event: event))
        for attachment in attachments { items.append(EnvelopeItem(attachment: attachment)) }
        items += event.envelopeItems
        self.init(header: Header(eventId: event.eventId, sdk: event.sdk, trace: trace), items: items)
    }

    /// The envelope in wire form. Every item carries its `length`, so payloads may hold any bytes.
    public func serialize() -> [UInt8] {
        let payloads = items.map(\.payload)  // an event item serializes its event here, once
        var writer = JSONWriter(capacity: 1024 + items.count * 96 + payloads.reduce(0) { $0 + $1.count })
        header.encode(to: &writer)
        for (item, payload) in zip(items, payloads) {
            writer.appendVerbatim(UInt8(ascii: "\n"))
            item.header.encode(to: &writer, length: payload.count)
            writer.appendVerbatim(UInt8(ascii: "\n"))
            writer.appendVerbatim(payload)
        }
        writer.appendVerbatim(UInt8(ascii: "\n"))
        return writer.bytes
    }
}
