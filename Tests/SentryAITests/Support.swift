import SentryAI
import SentryCore
import SentryTesting
import Testing

/// Runs `body` inside a sampled transaction of an in-memory SDK; returns what was sent.
func capture(
    pii: Bool = false, includePrompts: Bool? = nil, tracing: Bool = true,
    _ body: () async throws -> Void
) async rethrows -> CapturedEvents {
    try await withCapturedEvents(configure: { options in
        if tracing { options.tracesSampleRate = 1 }
        options.sendDefaultPii = pii
        if let includePrompts { options.integrations.append(AIMonitoringIntegration(includePrompts: includePrompts)) }
    }) {
        try await SentrySDK.withSpan(operation: "task", name: "test") { _ in try await body() }
    }
}

extension CapturedEvents {
    /// The child spans of the one transaction.
    var spans: [JSONValue] { transactions.first?["spans"]?.arrayValue ?? [] }

    /// The first span with `op`.
    func span(_ op: String) throws -> JSONValue {
        try #require(spans.first { $0["op"]?.stringValue == op }, "no span \(op) in \(spans.map { $0["op"] })")
    }
}

extension JSONValue {
    /// The span's data member `key`.
    func data(_ key: String) -> JSONValue? { self["data"]?[key] }

    /// A data member that is a JSON string, parsed.
    func parsedData(_ key: String) throws -> JSONValue {
        let text = try #require(data(key)?.stringValue, "\(key) is not a string")
        return try JSONValue.parse(Array(text.utf8))
    }
}

struct FakeError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A hub that keeps nothing (every `Hub` default): "no SDK" tests bind it so they never reach a
/// process-wide SDK another suite may have started meanwhile.
final class DroppingHub: Hub {}

/// Runs `body` as if no SDK were started, whatever other suites install globally.
func withoutSDK(_ body: () async throws -> Void) async rethrows {
    try await SentrySDK.withHub(DroppingHub()) { try await body() }
}
