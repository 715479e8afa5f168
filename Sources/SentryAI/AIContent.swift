package import SentryCore

/// Turns prompt and response content into the strings Sentry stores: JSON, binary data
/// replaced, and cut to Sentry's limits (the Python SDK's `MAX_GEN_AI_MESSAGE_BYTES`,
/// `MAX_SINGLE_MESSAGE_CONTENT_CHARS`).
package enum AIContent {
    /// The most bytes of `gen_ai.input.messages` per span; older messages go first.
    package static let maxMessagesBytes = 20_000
    /// The most characters of one text part.
    package static let maxMessageContentCharacters = 10_000
    /// The most bytes of any other content attribute (tool arguments, results, instructions).
    package static let maxAttributeBytes = 20_000
    /// What binary data becomes.
    package static let blobSubstitute = "[Blob substitute]"

    /// `messages` as a JSON array string, keeping the most recent messages that fit in
    /// ``maxMessagesBytes``; `nil` when there are none.
    package static func messagesJSON(_ messages: [AIMessage]) -> String? {
        guard !messages.isEmpty else { return nil }
        var encoded = messages.map { encode($0, characterLimit: maxMessageContentCharacters) }
        // Keep the newest messages whose total (with brackets and commas) fits.
        var kept = 0
        var size = 2
        for message in encoded.reversed() {
            let next = size + message.count + (kept > 0 ? 1 : 0)
            if next > maxMessagesBytes { break }
            size = next
            kept += 1
        }
        if kept == 0 {
            // The newest message alone is too large: shorten its text until it fits.
            var limit = maxMessageContentCharacters
            var last = encoded[encoded.count - 1]
            while last.count + 2 > maxMessagesBytes, limit > 16 {
                limit /= 2
                last = encode(messages[messages.count - 1], characterLimit: limit)
            }
            encoded = [last]
            kept = 1
        }
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, message) in encoded.suffix(kept).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += message
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A value as the string Sentry stores: a string stays itself, anything else becomes JSON;
    /// binary data is replaced and the result cut to ``maxAttributeBytes``.
    package static func string(_ value: JSONValue) -> String {
        let cleaned = substitutingBlobs(value)
        if case .string(let string) = cleaned { return truncated(string, maxBytes: maxAttributeBytes) }
        return truncated(cleaned.jsonString(), maxBytes: maxAttributeBytes)
    }

    /// Plain text cut to ``maxAttributeBytes``.
    package static func text(_ text: String) -> String {
        truncated(isBlob(text) ? blobSubstitute : text, maxBytes: maxAttributeBytes)
    }

    /// `strings` as a JSON array string, each cut and the whole within ``maxAttributeBytes``.
    package static func stringsJSON(_ strings: [String]) -> String {
        // One short plain word (a finish reason such as "stop"): nothing to escape, cut or substitute.
        if strings.count == 1, let word = strings.first, word.utf8.count <= 64 {
            if let known = knownFinishReasonJSON(word) { return known }  // ~700 instructions less per response
            if word.utf8.allSatisfy(isPlainByte) { return "[\"" + word + "\"]" }
        }
        var writer = JSONWriter()
        writer.array { array in
            var budget = maxAttributeBytes
            for string in strings {
                let value = isBlob(string) ? blobSubstitute : String(string.prefix(maxMessageContentCharacters))
                budget -= value.utf8.count + 3
                if budget < 0 { break }
                array.string(value)
            }
        }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// `string` cut to at most `maxBytes` UTF-8 bytes, on a character boundary.
    package static func truncated(_ string: String, maxBytes: Int) -> String {
        guard string.utf8.count > maxBytes else { return string }
        var result = ""
        var size = 0
        for character in string {
            let length = character.utf8.count
            if size + length > maxBytes - 3 { break }
            size += length
            result.append(character)
        }
        return result + "..."
    }

    /// The JSON of the finish reasons the big providers send, without building it per response.
    private static func knownFinishReasonJSON(_ reason: String) -> String? {
        switch reason {
        case "stop": #"["stop"]"#
        case "length": #"["length"]"#
        case "tool_calls": #"["tool_calls"]"#
        case "content_filter": #"["content_filter"]"#
        case "end_turn": #"["end_turn"]"#
        case "max_tokens": #"["max_tokens"]"#
        case "tool_use": #"["tool_use"]"#
        case "stop_sequence": #"["stop_sequence"]"#
        default: nil
        }
    }

    /// A letter, digit, `_`, `-` or `.`: written into JSON as it is.
    private static func isPlainByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default: false
        }
    }

    /// Whether `text` is a `data:` URL carrying base64 content.
    static func isBlob(_ text: String) -> Bool {
        text.hasPrefix("data:") && text.utf8.count > 5 && text.prefix(256).contains(";base64,")
    }

    static func substitutingBlobs(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let string): isBlob(string) ? .string(blobSubstitute) : value
        case .array(let elements): .array(elements.map(substitutingBlobs))
        case .object(let members): .object(members.mapValues(substitutingBlobs))
        default: value
        }
    }

    private static func encode(_ message: AIMessage, characterLimit: Int) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.object { object in
            object.field("role", message.role.rawValue)
            object.key("parts")
            object.array { parts in
                for part in message.parts {
                    parts.object { out in
                        switch part {
                        case .text(let text):
                            out.field("type", "text")
                            out.field("content", isBlob(text) ? blobSubstitute : String(text.prefix(characterLimit)))
                        case .toolCall(let id, let name, let arguments):
                            out.field("type", "tool_call")
                            out.field("id", id)
                            out.field("name", name)
                            out.field("arguments", limited(arguments, characterLimit))
                        case .toolCallResponse(let id, let response):
                            out.field("type", "tool_call_response")
                            out.field("id", id)
                            out.field("response", limited(response, characterLimit))
                        case .blob(let mimeType):
                            out.field("type", "blob")
                            out.field("mime_type", mimeType)
                            out.field("content", blobSubstitute)
                        }
                    }
                }
            }
        }
        return writer.bytes
    }

    /// A tool call's arguments or response inside a message: binary data replaced, and as a
    /// string cut to `characterLimit` when its JSON is longer.
    private static func limited(_ value: JSONValue, _ characterLimit: Int) -> JSONValue {
        let cleaned = substitutingBlobs(value)
        if case .string(let string) = cleaned { return .string(String(string.prefix(characterLimit))) }
        let json = cleaned.jsonString()
        return json.count > characterLimit ? .string(String(json.prefix(characterLimit))) : cleaned
    }
}
