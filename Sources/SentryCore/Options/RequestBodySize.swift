/// How large a request body the framework integrations may attach to events (the Python SDK's
/// `max_request_body_size`). Bodies go out only with `sendDefaultPii`; larger ones are left out.
public enum RequestBodySize: Sendable, Hashable {
    /// Never attach a body.
    case never
    /// Bodies up to 1,000 bytes.
    case small
    /// Bodies up to 10,000 bytes (the default).
    case medium
    /// Any body (Relay still trims `request.data` beyond its own limit).
    case always

    /// The largest body attached, in bytes (`nil`: no limit).
    public var limit: Int? {
        switch self {
        case .never: 0
        case .small: 1_000
        case .medium: 10_000
        case .always: nil
        }
    }

    /// Whether a body of `byteCount` bytes may be attached.
    public func allows(byteCount: Int) -> Bool {
        guard let limit else { return true }
        return byteCount > 0 && byteCount <= limit
    }
}
