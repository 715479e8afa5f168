#if MCP
import MCP
import SentryAI
import SentryCore

/// MCP values as span data: JSON, with binary data replaced.
enum MCPValues {
    static func json(_ value: Value) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let bool): .bool(bool)
        case .int(let int): .int(Int64(int))
        case .double(let double): .double(double)
        case .string(let string): .string(string)
        case .data: .string(AIContent.blobSubstitute)
        case .array(let elements): .array(elements.map(json))
        case .object(let members): .object(members.mapValues(json))
        }
    }

    static func json(_ content: Tool.Content) -> JSONValue {
        switch content {
        case .text(let text, _, _): ["type": "text", "text": .string(text)]
        case .image(_, let mimeType, _, _): ["type": "image", "mimeType": .string(mimeType), "data": .string(AIContent.blobSubstitute)]
        case .audio(_, let mimeType, _, _): ["type": "audio", "mimeType": .string(mimeType), "data": .string(AIContent.blobSubstitute)]
        case .resource(let resource, _, _): ["type": "resource", "resource": json(resource)]
        case .resourceLink(let uri, let name, _, _, _, _): ["type": "resource_link", "uri": .string(uri), "name": .string(name)]
        }
    }

    static func json(_ content: Prompt.Message.Content) -> JSONValue {
        switch content {
        case .text(let text): .string(text)
        case .image(_, let mimeType): ["type": "image", "mimeType": .string(mimeType), "data": .string(AIContent.blobSubstitute)]
        case .audio(_, let mimeType): ["type": "audio", "mimeType": .string(mimeType), "data": .string(AIContent.blobSubstitute)]
        case .resource(let resource, _, _): ["type": "resource", "resource": json(resource)]
        case .resourceLink(let uri, let name, _, _, _, _): ["type": "resource_link", "uri": .string(uri), "name": .string(name)]
        }
    }

    static func json(_ resource: Resource.Content) -> JSONValue {
        var object: [String: JSONValue] = ["uri": .string(resource.uri)]
        if let text = resource.text { object["text"] = .string(text) }
        if resource.blob != nil { object["blob"] = .string(AIContent.blobSubstitute) }
        if let mimeType = resource.mimeType { object["mimeType"] = .string(mimeType) }
        return .object(object)
    }

    /// `mcp.request.argument.<key>`: each argument stringified.
    static func describeArguments(_ arguments: [String: Value]?, on span: any Span) {
        for (key, value) in arguments ?? [:] {
            span.setData(.string(AIContent.string(json(value))), forKey: "mcp.request.argument.\(key)")
        }
    }
}
#endif
