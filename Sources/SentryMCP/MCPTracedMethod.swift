#if MCP
public import MCP
import SentryAI
public import SentryCore

/// An MCP request whose handler ``MCP/Server/withTracedMethodHandler(_:handler:)`` can run in
/// an `mcp.server` span: `tools/call`, `resources/read` and `prompts/get`.
public protocol MCPTracedMethod: MCP.Method {
    /// The span name, e.g. `tools/call get_weather`.
    static func spanName(_ parameters: Parameters) -> String
    /// Sets the request's attributes; `recordsContent` allows arguments.
    static func describe(_ parameters: Parameters, on span: any Span, recordsContent: Bool)
    /// Sets the result's attributes; `recordsContent` allows content.
    static func describe(_ result: Result, on span: any Span, recordsContent: Bool)
    /// Sets what a thrown error means for this method (a tool's `is_error`).
    static func describeFailure(on span: any Span)
}

extension MCPTracedMethod {
    /// Nothing beyond the span's status.
    public static func describeFailure(on span: any Span) {}
}

extension CallTool: MCPTracedMethod {
    /// `tools/call {tool}`.
    public static func spanName(_ parameters: Parameters) -> String { "tools/call \(parameters.name)" }

    /// `mcp.tool.name` and, with content allowed, `mcp.request.argument.<key>`.
    public static func describe(_ parameters: Parameters, on span: any Span, recordsContent: Bool) {
        span.setData(.string(parameters.name), forKey: "mcp.tool.name")
        if recordsContent { MCPValues.describeArguments(parameters.arguments, on: span) }
    }

    /// `mcp.tool.result.is_error`, `.content_count` and, with content allowed, `.content`.
    public static func describe(_ result: Result, on span: any Span, recordsContent: Bool) {
        span.setData(.bool(result.isError ?? false), forKey: "mcp.tool.result.is_error")
        span.setData(.int(Int64(result.content.count)), forKey: "mcp.tool.result.content_count")
        guard recordsContent else { return }
        let content: JSONValue =
            if let structured = result.structuredContent { MCPValues.json(structured) }
            else { .array(result.content.map(MCPValues.json)) }
        span.setData(.string(AIContent.string(content)), forKey: "mcp.tool.result.content")
    }

    /// `mcp.tool.result.is_error = true`.
    public static func describeFailure(on span: any Span) {
        span.setData(.bool(true), forKey: "mcp.tool.result.is_error")
    }
}

extension ReadResource: MCPTracedMethod {
    /// `resources/read {uri}`.
    public static func spanName(_ parameters: Parameters) -> String { "resources/read \(parameters.uri)" }

    /// `mcp.resource.uri` and `mcp.resource.protocol` (the URI's scheme).
    public static func describe(_ parameters: Parameters, on span: any Span, recordsContent: Bool) {
        span.setData(.string(parameters.uri), forKey: "mcp.resource.uri")
        if let colon = parameters.uri.firstIndex(of: ":"), colon > parameters.uri.startIndex {
            span.setData(.string(String(parameters.uri[..<colon])), forKey: "mcp.resource.protocol")
        }
    }

    /// `mcp.resource.result.content_count`.
    public static func describe(_ result: Result, on span: any Span, recordsContent: Bool) {
        span.setData(.int(Int64(result.contents.count)), forKey: "mcp.resource.result.content_count")
    }
}

extension GetPrompt: MCPTracedMethod {
    /// `prompts/get {prompt}`.
    public static func spanName(_ parameters: Parameters) -> String { "prompts/get \(parameters.name)" }

    /// `mcp.prompt.name` and, with content allowed, `mcp.request.argument.<key>`.
    public static func describe(_ parameters: Parameters, on span: any Span, recordsContent: Bool) {
        span.setData(.string(parameters.name), forKey: "mcp.prompt.name")
        if recordsContent, let arguments = parameters.arguments {
            MCPValues.describeArguments(arguments.mapValues { Value.string($0) }, on: span)
        }
    }

    /// `mcp.prompt.result.message_count` and, for a single message with content allowed, its
    /// role and content.
    public static func describe(_ result: Result, on span: any Span, recordsContent: Bool) {
        span.setData(.int(Int64(result.messages.count)), forKey: "mcp.prompt.result.message_count")
        guard recordsContent, result.messages.count == 1, let message = result.messages.first else { return }
        span.setData(.string(message.role.rawValue), forKey: "mcp.prompt.result.message_role")
        span.setData(.string(AIContent.string(MCPValues.json(message.content))), forKey: "mcp.prompt.result.message_content")
    }
}
#endif
