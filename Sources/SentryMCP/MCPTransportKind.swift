#if MCP
/// How an MCP server talks to its client (`mcp.transport`), and the matching `network.transport`.
public enum MCPTransportKind: String, Sendable, Hashable {
    /// Standard input and output of a child process.
    case stdio
    /// Streamable HTTP.
    case http
    /// HTTP with server-sent events (the older transport).
    case sse
    /// Anything else (an in-process pair, a custom transport).
    case unknown

    /// `network.transport`: `tcp` for the HTTP transports, `pipe` otherwise.
    public var networkTransport: String {
        switch self {
        case .http, .sse: "tcp"
        case .stdio, .unknown: "pipe"
        }
    }
}
#endif
