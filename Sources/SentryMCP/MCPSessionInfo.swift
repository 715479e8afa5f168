#if MCP
import MCP
import SentryCore

/// What a traced server knows about its session, copied onto every span: the transport and
/// the client and server that met at `initialize`.
struct MCPSessionInfo: Sendable {
    var transport: MCPTransportKind = .unknown
    var clientName: String?
    var clientTitle: String?
    var clientVersion: String?
    var serverName: String?
    var serverTitle: String?
    var serverVersion: String?

    /// Sets the session attributes on `span`.
    func describe(_ span: any Span) {
        let pairs: [(String, String?)] = [
            ("mcp.client.name", clientName), ("mcp.client.title", clientTitle), ("mcp.client.version", clientVersion),
            ("mcp.server.name", serverName), ("mcp.server.title", serverTitle), ("mcp.server.version", serverVersion),
        ]
        for (key, value) in pairs {
            if let value { span.setData(.string(value), forKey: key) }
        }
    }

    /// The sessions of servers started with ``MCP/Server/startTraced(transport:transportKind:initializeHook:)``, by server.
    static let registry = Locked<[ObjectIdentifier: MCPSessionInfo]>([:])

    static func of(_ server: ObjectIdentifier) -> MCPSessionInfo? { registry.withLock { $0[server] } }

    static func update(_ server: ObjectIdentifier, _ change: (inout MCPSessionInfo) -> Void) {
        registry.withLock { change(&$0[server, default: MCPSessionInfo()]) }
    }
}
#endif
