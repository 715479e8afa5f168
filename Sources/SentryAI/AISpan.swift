public import SentryCore

/// The span of an AI operation, handed to the body of the `SentrySDK.with…Span` helpers:
/// record the response, the usage or a tool's result on it. Calls are cheap no-ops when the
/// span is not sampled; content is dropped unless prompts may be sent.
public struct AISpan: Sendable {
    /// The underlying span (to add your own data or children). Under a parent that is not sent
    /// no span is started and this is the parent.
    public let span: any Span
    let kind: Kind
    /// Whether this AI span started `span` (and finishes it).
    let owned: Bool
    /// For an agent span, its own context; for the others, the enclosing agent's (if any).
    let context: AIContext?

    enum Kind { case agent, client, tool, other }

    init(span: any Span, kind: Kind, context: AIContext?, owned: Bool) {
        self.span = span
        self.kind = kind
        self.owned = owned
        self.context = context
    }

    /// A span that records nothing (no SDK started).
    @usableFromInline static let noop = AISpan(span: NoOpSpan.shared, kind: .other, context: nil, owned: false)

    /// Whether the span will be sent.
    public var isRecording: Bool { span.isSampled }

    /// Whether prompt and response content is recorded on this span (it is sampled, and the
    /// options allow content: see ``AIMonitoringIntegration``). Read only when there is content.
    public var recordsContent: Bool { span.isSampled && AIMonitoringIntegration.contentAllowed() }

    /// Records a model's response: id, model, finish reasons, usage, and the output (content).
    public func record(_ response: AIResponse) {
        guard span.isSampled else { return }
        var pairs: [(key: String, value: JSONValue)] = []
        pairs.reserveCapacity(9)
        if let id = response.id { pairs.append((GenAIKey.responseId, .string(id))) }
        if let model = response.model { pairs.append((GenAIKey.responseModel, .string(model))) }
        if !response.finishReasons.isEmpty {
            pairs.append((GenAIKey.responseFinishReasons, .string(AIContent.stringsJSON(response.finishReasons))))
        }
        if let usage = response.usage { AISpan.append(usage, to: &pairs) }
        span.setData(pairs)  // one lock for all of them
        if !response.output.isEmpty { record(output: response.output) }
        if let usage = response.usage { count(usage) }
    }

    /// Records token usage (`gen_ai.usage.*`). On a call inside an agent run it also counts
    /// toward the agent's totals; on an agent span it replaces them. Record it once per span.
    public func record(usage: AIUsage) {
        guard span.isSampled else { return }
        AISpan.write(usage, on: span)
        count(usage)
    }

    /// Adds `usage` to the enclosing agent's totals (a model call) or marks them explicit (an agent).
    private func count(_ usage: AIUsage) {
        switch kind {
        case .agent: context?.agentUsage?.withLock { $0.explicit = true }
        case .client: context?.agentUsage?.withLock { $0.sum = ($0.sum ?? .zero) + usage }
        case .tool, .other: break
        }
    }

    /// Records the messages the model produced (`gen_ai.output.messages`; content).
    public func record(output: [AIMessage]) {
        guard !output.isEmpty, recordsContent, let json = AIContent.messagesJSON(output) else { return }
        span.setData(.string(json), forKey: GenAIKey.outputMessages)
    }

    /// Records a tool's result (`gen_ai.tool.call.result`; content): a string as it is,
    /// anything else as JSON.
    public func recordToolResult(_ result: JSONValue) {
        guard span.isSampled, recordsContent else { return }
        span.setData(.string(AIContent.string(result)), forKey: GenAIKey.toolCallResult)
    }

    /// Sets any other data attribute.
    public func setData(_ value: JSONValue, forKey key: String) {
        if owned { span.setData(value, forKey: key) }
    }

    static func write(_ usage: AIUsage, on span: any Span) {
        var pairs: [(key: String, value: JSONValue)] = []
        append(usage, to: &pairs)
        span.setData(pairs)
    }

    /// The `gen_ai.usage.*` attributes of `usage` (zero counts of the optional kinds left out).
    static func append(_ usage: AIUsage, to pairs: inout [(key: String, value: JSONValue)]) {
        pairs.append((GenAIKey.usageInputTokens, .int(Int64(usage.inputTokens))))
        pairs.append((GenAIKey.usageOutputTokens, .int(Int64(usage.outputTokens))))
        pairs.append((GenAIKey.usageTotalTokens, .int(Int64(usage.totalTokens))))
        if usage.cachedInputTokens != 0 {
            pairs.append((GenAIKey.usageCacheReadInputTokens, .int(Int64(usage.cachedInputTokens))))
        }
        if usage.cacheWriteInputTokens != 0 {
            pairs.append((GenAIKey.usageCacheCreationInputTokens, .int(Int64(usage.cacheWriteInputTokens))))
        }
        if usage.reasoningTokens != 0 {
            pairs.append((GenAIKey.usageReasoningOutputTokens, .int(Int64(usage.reasoningTokens))))
        }
    }
}
