/// One item of an envelope: a header and an opaque payload.
public struct EnvelopeItem: Sendable, Hashable {
    /// The item header. `length` is always written from the payload's size.
    public struct Header: Sendable, Hashable, JSONEncodable {
        /// The item type.
        public var type: EnvelopeItemType
        /// The MIME type of the payload.
        public var contentType: String?
        /// An attachment's file name.
        public var filename: String?
        /// An attachment's role, e.g. `event.attachment`.
        public var attachmentType: String?
        /// The number of entries of a container item.
        public var itemCount: Int?
        /// The platform of a `profile_chunk`.
        public var platform: String?
        /// Header keys this SDK does not model, kept when read from the wire.
        public var other: [String: JSONValue]

        /// Creates an item header.
        public init(
            type: EnvelopeItemType, contentType: String? = nil, filename: String? = nil,
            attachmentType: String? = nil, itemCount: Int? = nil, platform: String? = nil,
            other: [String: JSONValue] = [:]
        ) {
            self.type = type
            self.contentType = contentType
            self.filename = filename
            self.attachmentType = attachmentType
            self.itemCount = itemCount
            self.platform = platform
            self.other = other
        }

        func encode(to writer: inout JSONWriter, length: Int) {
            writer.object { w in
                for (key, value) in other {
                    w.key(string: key)
                    value.encode(to: &w)
                }
                w.field("type", type)
                w.field("length", length)
                w.field("content_type", contentType)
                w.field("filename", filename)
                w.field("attachment_type", attachmentType)
                w.field("item_count", itemCount)
                w.field("platform", platform)
            }
        }

        /// Writes the header without a `length` (the envelope writes items with their length).
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("type", type)
                w.field("content_type", contentType)
                w.field("filename", filename)
                w.field("attachment_type", attachmentType)
                w.field("item_count", itemCount)
                w.field("platform", platform)
            }
        }

        static let knownKeys: Set<String> = [
            "type", "length", "content_type", "filename", "attachment_type", "item_count", "platform",
        ]
    }

    /// What the payload is made of: bytes, or an event serialized only when the bytes are first
    /// read (on the transport's worker thread, not on the thread that captured it).
    enum Body: Sendable {
        case bytes([UInt8])
        case event(LazyEventPayload)
    }

    /// The header.
    public var header: Header
    private var body: Body
    /// For transactions built here: the number of child spans (client reports count spans + 1).
    var spanCount: Int?

    /// The payload bytes (JSON for most types; raw bytes for attachments).
    public var payload: [UInt8] {
        get {
            switch body {
            case .bytes(let bytes): bytes
            case .event(let event): event.bytes
            }
        }
        set { body = .bytes(newValue) }
    }

    /// Creates an item from a header and payload.
    public init(header: Header, payload: [UInt8]) {
        self.header = header
        self.body = .bytes(payload)
    }

    /// Items are equal when their headers and payload bytes are.
    public static func == (lhs: EnvelopeItem, rhs: EnvelopeItem) -> Bool {
        lhs.header == rhs.header && lhs.payload == rhs.payload
    }

    /// Hashes the header and payload bytes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(header)
        hasher.combine(payload)
    }

    /// Creates an item of `type` whose payload is `value` as JSON.
    package init(type: EnvelopeItemType, json value: some JSONEncodable) {
        self.init(header: Header(type: type), payload: value.jsonBytes())
    }

    /// An `event` item, or a `transaction` item for a transaction. The event is serialized when
    /// the payload is first read, so capturing costs no JSON work on the caller's thread.
    public init(event: Event) {
        header = Header(type: event.isTransaction ? .transaction : .event)
        body = .event(LazyEventPayload(event))
        if event.isTransaction { spanCount = event.spans.count }
    }

    /// A `feedback` item.
    public init(feedback: Event) { self.init(type: .feedback, json: feedback) }

    /// An `attachment` item.
    public init(attachment: Attachment) {
        self.init(
            header: Header(
                type: .attachment, contentType: attachment.contentType, filename: attachment.filename,
                attachmentType: attachment.kind.rawValue),
            payload: attachment.bytes)
    }

    /// A `session` item.
    package init(session: Session) { self.init(type: .session, json: session) }

    /// A `sessions` (aggregates) item.
    package init(sessions: SessionAggregates) { self.init(type: .sessions, json: sessions) }

    /// A `client_report` item.
    package init(clientReport: ClientReport) { self.init(type: .clientReport, json: clientReport) }

    /// A `check_in` item.
    public init(checkIn: CheckIn) { self.init(type: .checkIn, json: checkIn) }

    /// A `log` container item; `sharedAttributes` are written into every record that does not
    /// set the same key itself (the SDK's default attributes, kept once per batch).
    package init(logs: [SentryLog], sharedAttributes: [String: Attribute] = [:]) {
        self.init(container: .log, contentType: ContainerContentType.log, items: logs.map {
            WithSharedAttributes(record: $0, shared: sharedAttributes)
        })
    }

    /// A `trace_metric` container item (see ``init(logs:sharedAttributes:)`` for `sharedAttributes`).
    package init(metrics: [MetricRecord], sharedAttributes: [String: Attribute] = [:]) {
        self.init(container: .traceMetric, contentType: ContainerContentType.traceMetric, items: metrics.map {
            WithSharedAttributes(record: $0, shared: sharedAttributes)
        })
    }

    /// A container item: `{"version": 2, "items": [...]}` with `item_count` and a vendor content type.
    package init(container type: EnvelopeItemType, contentType: String, items: [some JSONEncodable]) {
        var writer = JSONWriter(capacity: 256 * max(items.count, 1))
        writer.object { w in
            w.field("version", 2)
            w.field("items", items)
        }
        self.init(header: Header(type: type, contentType: contentType, itemCount: items.count), payload: writer.bytes)
    }

    /// A `profile` item from an already-serialized profile.
    package init(profile payload: [UInt8]) {
        self.init(header: Header(type: .profile, contentType: "application/json"), payload: payload)
    }

    /// A `profile_chunk` item; `platform` must equal the payload's.
    package init(profileChunk payload: [UInt8], platform: String) {
        self.init(header: Header(type: .profileChunk, platform: platform), payload: payload)
    }

    /// What this item counts as for rate limits and client reports, with quantities.
    public var dataCategories: [(category: DataCategory, quantity: Int)] {
        switch header.type {
        case .event: [(.error, 1)]
        case .transaction: [(.transaction, 1), (.span, (spanCount ?? countSpansInPayload()) + 1)]
        case .attachment: [(.attachment, max(payload.count, 1)), (.attachmentItem, 1)]
        case .session, .sessions: [(.session, 1)]
        case .clientReport: [(.internal, 1)]
        case .profile: [(.profile, 1)]
        case .profileChunk:
            [(["cocoa", "android", "javascript"].contains(header.platform ?? "") ? .profileChunkUI : .profileChunk, 1)]
        case .checkIn: [(.monitor, 1)]
        case .log: [(.logItem, header.itemCount ?? 1), (.logByte, payload.count)]
        case .traceMetric: [(.traceMetric, header.itemCount ?? 1), (.traceMetricByte, payload.count)]
        case .span: [(.span, header.itemCount ?? 1)]
        case .feedback, .userReport: [(.feedback, 1)]
        default: [(.unknown, 1)]
        }
    }

    private func countSpansInPayload() -> Int {
        (try? JSONValue.parse(payload))?["spans"]?.arrayValue?.count ?? 0
    }
}
