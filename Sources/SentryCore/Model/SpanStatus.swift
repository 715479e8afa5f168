/// A span's or trace's outcome.
public enum SpanStatus: String, Sendable, Hashable, CaseIterable, JSONEncodable {
    case ok
    case cancelled
    case unknown
    case invalidArgument = "invalid_argument"
    case deadlineExceeded = "deadline_exceeded"
    case notFound = "not_found"
    case alreadyExists = "already_exists"
    case permissionDenied = "permission_denied"
    case resourceExhausted = "resource_exhausted"
    case failedPrecondition = "failed_precondition"
    case aborted
    case outOfRange = "out_of_range"
    case unimplemented
    case internalError = "internal_error"
    case unavailable
    case dataLoss = "data_loss"
    case unauthenticated

    /// The status that corresponds to an HTTP status code.
    public init(httpStatusCode code: Int) {
        switch code {
        case 200..<400: self = .ok
        case 400: self = .invalidArgument
        case 401: self = .unauthenticated
        case 403: self = .permissionDenied
        case 404: self = .notFound
        case 409: self = .alreadyExists
        case 429: self = .resourceExhausted
        case 499: self = .cancelled
        case 400..<500: self = .invalidArgument
        case 501: self = .unimplemented
        case 503: self = .unavailable
        case 504: self = .deadlineExceeded
        default: self = .internalError
        }
    }

    /// Writes the wire name.
    package func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
}
