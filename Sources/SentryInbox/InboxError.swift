import Glibc

/// Why an ``InboxServer`` could not start.
public enum InboxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A socket call failed; `errno` is the system error code.
    case socket(call: String, errno: Int32)
    /// The configuration cannot work (bad port, host that is not an IPv4 literal, …).
    case invalidConfiguration(String)
    /// The storage directory could not be created; `errno` is the system error code.
    case storageDirectory(path: String, errno: Int32)
    /// The system refused to start a thread.
    case threadStartFailed

    /// A readable explanation.
    public var description: String {
        switch self {
        case .socket(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        case .invalidConfiguration(let reason): "invalid inbox configuration: \(reason)"
        case .storageDirectory(let path, let code): "cannot create \(path): \(String(cString: strerror(code)))"
        case .threadStartFailed: "could not start a server thread"
        }
    }
}
