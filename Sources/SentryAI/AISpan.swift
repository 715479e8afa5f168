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
        // One write each: an uncontended lock costs less than building, copying and freeing an
        // array of (key, value) tuples, which Swift does through the runtime's generic witnesses.
        if let id = response.id { span.setData(.string(id), forKey: GenAIKey.responseId) }
        if let model = response.model { span.setData(.string(model), forKey: GenAIKey.responseModel) }
        if !response.finishReasons.isEmpty {
            span.setData(.string(AIContent.stringsJSON(response.finishReasons)), forKey: GenAIKey.responseFinishReasons)
        }
        if let usage = response.usage { AISpan.write(usage, on: span) }
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
        case .agent: context?.agentUsage.withLock { $0.explicit = true }
        case .client: context?.agentUsage.withLock { $0.sum = ($0.sum ?? .zero) + usage }
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

    /// Writes the `gen_ai.usage.*` attributes of `usage` (zero counts of the optional kinds left out).
    static func write(_ usage: AIUsage, on span: any Span) {
        span.setData(.int(Int64(usage.inputTokens)), forKey: GenAIKey.usageInputTokens)
        span.setData(.int(Int64(usage.outputTokens)), forKey: GenAIKey.usageOutputTokens)
        span.setData(.int(Int64(usage.totalTokens)), forKey: GenAIKey.usageTotalTokens)
        if usage.cachedInputTokens != 0 {
            span.setData(.int(Int64(usage.cachedInputTokens)), forKey: GenAIKey.usageCacheReadInputTokens)
        }
        if usage.cacheWriteInputTokens != 0 {
            span.setData(.int(Int64(usage.cacheWriteInputTokens)), forKey: GenAIKey.usageCacheCreationInputTokens)
        }
        if usage.reasoningTokens != 0 {
            span.setData(.int(Int64(usage.reasoningTokens)), forKey: GenAIKey.usageReasoningOutputTokens)
        }
    }
}
