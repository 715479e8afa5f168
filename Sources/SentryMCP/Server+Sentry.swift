#if MCP
public import MCP
import SentryAI
import SentryCore

extension Server {
    /// Registers `handler` for `tools/call`, `resources/read` or `prompts/get`, run in an
    /// `mcp.server` span (origin `auto.ai.mcp`) named after the request (`tools/call
    /// get_weather`), with the `mcp.*` attributes: method, tool/prompt/resource, request id,
    /// session id, transport and the session's client and server. Arguments and results are
    /// recorded only when prompts may be sent (`sendDefaultPii`, see `AIMonitoringIntegration`).
    /// An error thrown by the handler marks the span and is captured once, then answered as the
    /// SDK does.
    ///
    /// ```swift
    /// await server.withTracedMethodHandler(CallTool.self) { params in
    ///     CallTool.Result(content: [.text(text: "sunny", annotations: nil, _meta: nil)])
    /// }
    /// ```
    @discardableResult
    public func withTracedMethodHandler<M: MCPTracedMethod>(
        _ type: M.Type, handler: @escaping @Sendable (M.Parameters) async throws -> M.Result
    ) -> Self {
        let server = ObjectIdentifier(self)
        return withMethodHandler(type) { parameters in
            try await MCPRequestSpan.run(M.self, parameters, server: server, handler)
        }
    }

    /// Starts the server like `start(transport:initializeHook:)`, remembering for its spans the
    /// transport (`transportKind`, or guessed from the transport's type) and the client that
    /// connects (`mcp.client.*`) next to this server's name and version (`mcp.server.*`).
    public func startTraced(
        transport: any MCP.Transport, transportKind: MCPTransportKind? = nil,
        initializeHook: (@Sendable (Client.Info, Client.Capabilities) async throws -> Void)? = nil
    ) async throws {
        let server = ObjectIdentifier(self)
        let kind = transportKind ?? MCPTransportKind(guessingFrom: transport)
        let (name, title, version) = (self.name, self.title, self.version)
        MCPSessionInfo.update(server) {
            $0 = MCPSessionInfo(transport: kind, serverName: name, serverTitle: title, serverVersion: version)
        }
        try await start(transport: transport) { client, capabilities in
            MCPSessionInfo.update(server) {
                $0.clientName = client.name
                $0.clientTitle = client.title
                $0.clientVersion = client.version
            }
            try await initializeHook?(client, capabilities)
        }
    }
}

extension MCPTransportKind {
    /// The kind of the SDK's own transports: stdio, the HTTP server transports, else unknown.
    init(guessingFrom transport: any MCP.Transport) {
        let name = String(describing: Swift.type(of: transport))
        if name.contains("Stdio") {
            self = .stdio
        } else if name.contains("HTTP") {
            self = .http
        } else {
            self = .unknown
        }
    }
}
#endif
