import SentryCore

/// The one-line description the inbox prints for each received envelope item.
///
/// `event  id=<event id>  level=error  "ZeroDivisionError: division by zero"  312 bytes`
enum ItemSummary {
    /// Describes `item` of an envelope whose header carries `eventId`.
    static func line(for item: EnvelopeItem, eventId: String?) -> String {
        let type = item.header.type.rawValue
        let payload = item.payload
        let json = Self.looksLikeJSON(payload) ? try? JSONValue.parse(payload) : nil
        let id = eventId ?? json?["event_id"]?.stringValue ?? "-"
        let level = json?["level"]?.stringValue ?? "-"
        var fields = [type.padding(to: 12), "id=\(id)", "level=\(level.padding(to: 7))"]
        if let summary = summary(of: json, type: type) ?? item.header.filename {
            fields.append(JSONString.quote(summary.count > 200 ? String(summary.prefix(199)) + "…" : summary))
        }
        fields.append("\(payload.count) bytes")
        if let frame = topInAppFrame(of: json) { fields.append("at \(frame)") }
        return fields.joined(separator: " ")
    }

    /// `function (file:line)` of the newest in-app frame of the thrown exception, where the error
    /// was thrown (or captured).
    static func topInAppFrame(of json: JSONValue?) -> String? {
        guard let exceptions = json?["exception"]?["values"]?.arrayValue,
            let frames = exceptions.last?["stacktrace"]?["frames"]?.arrayValue,
            let frame = frames.last(where: { $0["in_app"] == true }),
            let function = frame["function"]?.stringValue
        else { return nil }
        guard let file = frame["filename"]?.stringValue, let line = frame["lineno"]?.intValue else { return function }
        return "\(function) (\(file):\(line))"
    }

    /// The most telling text in an item: message, exception, transaction name, session status, log body.
    static func summary(of json: JSONValue?, type: String) -> String? {
        guard let json else { return nil }
        if let transaction = json["transaction"]?.stringValue, type == "transaction" { return transaction }
        if let formatted = json["logentry"]?["formatted"]?.stringValue ?? json["logentry"]?["message"]?.stringValue {
            return formatted
        }
        if let message = json["message"]?.stringValue ?? json["message"]?["formatted"]?.stringValue {
            return message
        }
        if let exceptions = json["exception"]?["values"]?.arrayValue ?? json["exception"]?.arrayValue,
           let last = exceptions.last {
            let exceptionType = last["type"]?.stringValue
            let value = last["value"]?.stringValue
            switch (exceptionType, value) {
            case let (exceptionType?, value?): return "\(exceptionType): \(value)"
            case let (exceptionType?, nil): return exceptionType
            case let (nil, value?): return value
            case (nil, nil): break
            }
        }
        if let transaction = json["transaction"]?.stringValue { return transaction }
        if let status = json["status"]?.stringValue, type == "session" { return "session \(status)" }
        if let monitor = json["monitor_slug"]?.stringValue { return "check-in \(monitor)" }
        if let count = json["items"]?.arrayValue?.count { return "\(count) items" }
        return nil
    }

    /// Whether `payload` starts (after whitespace) like a JSON object or array.
    private static func looksLikeJSON(_ payload: [UInt8]) -> Bool {
        guard let first = payload.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            return false
        }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }
}

extension String {
    /// The string padded with spaces on the right to at least `width` characters.
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
