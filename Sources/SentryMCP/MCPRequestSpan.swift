#if MCP
import MCP
import SentryAI
import SentryCore

/// One `mcp.server` span around a request handler.
enum MCPRequestSpan {
    static func run<M: MCPTracedMethod>(
        _ method: M.Type, _ parameters: M.Parameters, server: ObjectIdentifier,
        _ handler: @Sendable (M.Parameters) async throws -> M.Result
    ) async throws -> M.Result {
        guard SentrySDK.isEnabled else { return try await handler(parameters) }
        let span = SentrySDK.startSpan(
            SpanStart(operation: "mcp.server", name: M.spanName(parameters), origin: "auto.ai.mcp"))
        defer { span.finish() }
        let recordsContent = span.isSampled && AIMonitoringIntegration.contentAllowed()
        if span.isSampled { describeRequest(M.self, parameters, on: span, server: server, recordsContent: recordsContent) }
        do {
            let result = try await AIErrorScope.run(span, mechanism: "mcp") { try await handler(parameters) }
            if span.isSampled { M.describe(result, on: span, recordsContent: recordsContent) }
            return result
        } catch {
            if span.isSampled { M.describeFailure(on: span) }
            throw error
        }
    }

    static func describeRequest<M: MCPTracedMethod>(
        _ method: M.Type, _ parameters: M.Parameters, on span: any Span, server: ObjectIdentifier, recordsContent: Bool
    ) {
        let session = MCPSessionInfo.of(server)
        let http = Server.currentHandlerContext?.httpContext
        var transport = session?.transport ?? .unknown
        if http != nil, transport != .sse { transport = .http }
        span.setData(.string(M.name), forKey: "mcp.method.name")
        span.setData(.string(transport.rawValue), forKey: "mcp.transport")
        span.setData(.string(transport.networkTransport), forKey: "network.transport")
        span.setData("2.0", forKey: "network.protocol.version")
        if let id = requestId() { span.setData(.string(id), forKey: "mcp.request.id") }
        if let sessionId = http?.header(HTTPHeaderName.sessionID) { span.setData(.string(sessionId), forKey: "mcp.session.id") }
        session?.describe(span)
        M.describe(parameters, on: span, recordsContent: recordsContent)
    }

    /// The JSON-RPC id of the request being handled. The SDK keeps it in the handler context
    /// without a public accessor, so it is read by reflection (checked by the tests).
    static func requestId() -> String? {
        guard let context = Server.currentHandlerContext else { return nil }
        for child in Mirror(reflecting: context).children where child.label == "id" {
            if let id = child.value as? ID { return id.description }
        }
        return nil
    }
}
#endif
