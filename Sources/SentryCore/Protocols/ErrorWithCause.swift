/// An error that wraps other errors. Captured errors that conform send the whole chain
/// (root cause first) so Sentry shows why, not just what.
public protocol ErrorWithCause: Error {
    /// The errors that caused this one, most direct first.
    var underlyingErrors: [any Error] { get }
}
