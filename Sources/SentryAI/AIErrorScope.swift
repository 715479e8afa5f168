package import SentryCore

/// Runs integration code (an MCP handler) with `span` active, so an error is captured once, by
/// the innermost AI span it leaves. The caller finishes `span`.
package enum AIErrorScope {
    /// Runs `body`; an escaping error marks `span` and is captured unless an AI span inside
    /// already captured it, then rethrown.
    package static func run<Result>(
        _ span: any Span, mechanism: String, isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async rethrows -> Result {
        try await Scopes.withActiveSpan(span, isolation: isolation) {
            do {
                return try await body()
            } catch {
                AIErrorCapture.record(error, on: span, mechanism: mechanism)
                throw error
            }
        }
    }
}
