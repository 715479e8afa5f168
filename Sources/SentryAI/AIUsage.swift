/// Token usage of one model call, or a sum of several (`gen_ai.usage.*`).
///
/// `inputTokens` includes the cached ones and `outputTokens` the reasoning ones, as Sentry
/// counts them; `totalTokens` is their sum unless the provider reported its own.
public struct AIUsage: Sendable, Hashable {
    /// Prompt tokens, cached ones included.
    public var inputTokens: Int
    /// Prompt tokens read from the provider's cache.
    public var cachedInputTokens: Int
    /// Prompt tokens written to the provider's cache.
    public var cacheWriteInputTokens: Int
    /// Completion tokens, reasoning ones included.
    public var outputTokens: Int
    /// Completion tokens spent on reasoning.
    public var reasoningTokens: Int
    /// The provider's own total, when it reports one that is not input + output.
    public var reportedTotalTokens: Int?

    /// Usage as a provider reports it; every count defaults to zero.
    public init(
        inputTokens: Int = 0, cachedInputTokens: Int = 0, cacheWriteInputTokens: Int = 0, outputTokens: Int = 0,
        reasoningTokens: Int = 0, totalTokens: Int? = nil
    ) {
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteInputTokens = cacheWriteInputTokens
        self.outputTokens = outputTokens
        self.reasoningTokens = reasoningTokens
        self.reportedTotalTokens = totalTokens
    }

    /// No tokens.
    public static let zero = AIUsage()

    /// The total: the provider's when it reported one, else input + output.
    public var totalTokens: Int { reportedTotalTokens ?? inputTokens + outputTokens }

    /// The sum of two usages (stream chunks, or the calls of one agent run).
    public static func + (lhs: AIUsage, rhs: AIUsage) -> AIUsage {
        AIUsage(
            inputTokens: lhs.inputTokens &+ rhs.inputTokens,
            cachedInputTokens: lhs.cachedInputTokens &+ rhs.cachedInputTokens,
            cacheWriteInputTokens: lhs.cacheWriteInputTokens &+ rhs.cacheWriteInputTokens,
            outputTokens: lhs.outputTokens &+ rhs.outputTokens,
            reasoningTokens: lhs.reasoningTokens &+ rhs.reasoningTokens,
            totalTokens: lhs.reportedTotalTokens == nil && rhs.reportedTotalTokens == nil
                ? nil : lhs.totalTokens &+ rhs.totalTokens)
    }

    /// Adds `rhs` to `lhs`.
    public static func += (lhs: inout AIUsage, rhs: AIUsage) { lhs = lhs + rhs }
}
