/// Why bytes could not be read as an envelope.
package struct EnvelopeParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    package var reason: String
    /// The byte offset where it was noticed.
    package var offset: Int
    /// A one-line explanation.
    package var description: String { "invalid envelope at byte \(offset): \(reason)" }
}

extension Envelope {
    /// Reads an envelope from its wire form. Malformed input throws; it never traps or loops.
    package static func parse(_ data: some Collection<UInt8>) throws(EnvelopeParseError) -> Envelope {
        let bytes = Array(data)
        var offset = 0

        func fail(_ reason: String) -> EnvelopeParseError { EnvelopeParseError(reason: reason, offset: offset) }

        func readLine() -> ArraySlice<UInt8> {
            let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            defer { offset = min(end + 1, bytes.count) }
            return bytes[offset..<end]
        }

        func parseObject(_ line: ArraySlice<UInt8>, _ what: String) throws(EnvelopeParseError) -> [String: JSONValue] {
            let value: JSONValue
            do { value = try JSONValue.parse(line) } catch { throw fail("\(what): \(error.reason)") }
            guard let object = value.objectValue else { throw fail("\(what) is not a JSON object") }
            return object
        }

        guard !bytes.isEmpty else { throw fail("empty input") }
        let headerObject = try parseObject(readLine(), "envelope header")
        var header = Header(
            eventId: headerObject["event_id"]?.stringValue.flatMap { SentryId(hex: $0) },
            sentAt: headerObject["sent_at"]?.stringValue.flatMap(SentryTimestamp.init(rfc3339:)),
            dsn: headerObject["dsn"]?.stringValue,
            sdk: SdkInfo(json: headerObject["sdk"]),
            trace: DynamicSamplingContext(json: headerObject["trace"]))
        header.other = headerObject.filter { !Header.knownKeys.contains($0.key) }

        var items: [EnvelopeItem] = []
        while offset < bytes.count {
            let line = readLine()
            if line.allSatisfy({ $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: " ") }) && offset >= bytes.count {
                break  // trailing newline
            }
            let object = try parseObject(line, "item header")
            guard let type = object["type"]?.stringValue, !type.isEmpty else { throw fail("item header has no type") }
            let payload: ArraySlice<UInt8>
            if let lengthValue = object["length"] {
                guard let length = lengthValue.intValue, length >= 0 else { throw fail("invalid item length") }
                guard length <= bytes.count - offset else { throw fail("item payload is truncated") }
                payload = bytes[offset..<offset + Int(length)]
                offset += Int(length)
                if offset < bytes.count {
                    guard bytes[offset] == UInt8(ascii: "\n") else { throw fail("expected a newline after the payload") }
                    offset += 1
                }
            } else {
                payload = readLine()
            }
            let itemHeader = EnvelopeItem.Header(
                type: EnvelopeItemType(rawValue: type),
                contentType: object["content_type"]?.stringValue,
                filename: object["filename"]?.stringValue,
                attachmentType: object["attachment_type"]?.stringValue,
                itemCount: object["item_count"]?.intValue.map { Int($0) },
                platform: object["platform"]?.stringValue,
                other: object.filter { !EnvelopeItem.Header.knownKeys.contains($0.key) })
            items.append(EnvelopeItem(header: itemHeader, payload: Array(payload)))
        }
        return Envelope(header: header, items: items)
    }
}
