public import SentryCore

// Span helpers for AI agents and model calls, usable with any LLM client. With no SDK, or one
// started without a traces sample rate or sampler, they start no span (not even under a span
// started with `sampled: true`): the body runs as a plain call, and an error that escapes is
// still captured once.
extension SentrySDK {
    /// Runs `body` with no span; an escaping error is captured once, then rethrown.
    @inlinable
    static func untracedAI<Result>(
        isolation: isolated (any Actor)?, _ body: (AISpan) async throws -> Result
    ) async rethrows -> Result {
        do { return try await body(.noop) } catch { throw AIErrorCapture.recorded(error) }
    }

    /// Runs `body` in the span `begin` starts and binds, and ends it. `begin` runs here, not in
    /// the caller: a task-local binding must be undone in the async frame that made it (the
    /// task's allocations are a stack). Inlined into each helper in a release build.
    @inlinable @inline(__always)
    static func runAI<Result>(
        _ begin: () -> AISpanRunner.Bound, isolation: isolated (any Actor)?, _ body: (AISpan) async throws -> Result
    ) async rethrows -> Result {
        let bound = begin()
        defer { bound.end() }
        do { return try await body(bound.span) } catch { throw bound.failed(error) }
    }

    /// Runs synchronous `body` with no span; an escaping error is captured once, then rethrown.
    @inlinable
    static func untracedAI<Result>(_ body: (AISpan) throws -> Result) rethrows -> Result {
        do { return try body(.noop) } catch { throw AIErrorCapture.recorded(error) }
    }

    /// Runs an agent inside a `gen_ai.invoke_agent` span named `invoke_agent {name}`. Model calls
    /// and tools inside it carry the agent's name, and the span gets the summed token usage of
    /// the calls inside unless the body records its own. An error that escapes is captured once.
    ///
    /// ```swift
    /// let answer = try await SentrySDK.withAgentSpan(AIAgent(name: "weather", model: "gpt-4o")) { agent in
    ///     try await runAgent()
    /// }
    /// ```
    @discardableResult @inlinable
    public static func withAgentSpan<Result>(
        _ agent: @autoclosure () -> AIAgent, isolation: isolated (any Actor)? = #isolation,
        _ body: (AISpan) async throws -> Result
    ) async rethrows -> Result {
        guard !tracingIsOff else { return try await untracedAI(isolation: isolation, body) }
        return try await runAI({ beginAgent(agent) }, isolation: isolation, body)
    }

    @usableFromInline
    static func beginAgent(_ agent: () -> AIAgent) -> AISpanRunner.Bound {
        AISpanRunner.begin(kind: .agent) { _ in
            let agent = agent()
            return (agentStart(agent), agent.name)
        }
    }

    /// Runs one model call inside a `gen_ai.{operation}` span (e.g. `gen_ai.chat`) named
    /// `{operation} {model}`, with the request's model, parameters and (when prompts may be
    /// sent) messages. Record the answer with ``AISpan/record(_:)``.
    ///
    /// ```swift
    /// let reply = try await SentrySDK.withAIClientSpan(AIRequest(provider: "openai", model: "gpt-4o", messages: messages)) { span in
    ///     let reply = try await client.chat(messages)
    ///     span.record(AIResponse(id: reply.id, model: reply.model, usage: AIUsage(inputTokens: reply.promptTokens, outputTokens: reply.completionTokens)))
    ///     return reply
    /// }
    /// ```
    @discardableResult @inlinable
    public static func withAIClientSpan<Result>(
        _ request: @autoclosure () -> AIRequest, isolation: isolated (any Actor)? = #isolation,
        _ body: (AISpan) async throws -> Result
    ) async rethrows -> Result {
        guard !tracingIsOff else { return try await untracedAI(isolation: isolation, body) }
        return try await runAI({ beginClient(request) }, isolation: isolation, body)
    }

    @usableFromInline
    static func beginClient(_ request: () -> AIRequest) -> AISpanRunner.Bound {
        AISpanRunner.begin(kind: .client) { agentName in
            (clientStart(request(), agentName: agentName, streaming: false), nil)
        }
    }

    /// Runs an embeddings call inside a `gen_ai.embeddings` span named `embeddings {model}`;
    /// the inputs are recorded only when prompts may be sent.
    @discardableResult @inlinable
    public static func withEmbeddingsSpan<Result>(
        provider: String, model: String, inputs: @autoclosure () -> [String] = [],
        isolation: isolated (any Actor)? = #isolation, _ body: (AISpan) async throws -> Result
    ) async rethrows -> Result {
        guard !tracingIsOff else { return try await untracedAI(isolation: isolation, body) }
        return try await runAI(
            { beginClient { AIRequest(operation: .embeddings, provider: provider, model: model, embeddingsInput: inputs()) } },
            isolation: isolation, body)
    }

    /// Runs a tool inside a `gen_ai.execute_tool` span named `execute_tool {name}`, with the
    /// tool's name, type and description, the enclosing agent, and (when prompts may be sent)
    /// its arguments. Record its result with ``AISpan/recordToolResult(_:)``. An error that
    /// escapes marks the span and is captured once, even if it also leaves the agent's span.
    @discardableResult @inlinable
    public static func withToolSpan<Result>(
        _ tool: @autoclosure () -> AIToolDefinition, arguments: @autoclosure () -> JSONValue? = nil,
        callId: String? = nil, isolation: isolated (any Actor)? = #isolation, _ body: (AISpan) async throws -> Result
    ) async rethrows -> Result {
        guard !tracingIsOff else { return try await untracedAI(isolation: isolation, body) }
        return try await runAI({ beginTool(tool, arguments: arguments, callId: callId) }, isolation: isolation, body)
    }

    @usableFromInline
    static func beginTool(_ tool: () -> AIToolDefinition, arguments: () -> JSONValue?, callId: String?) -> AISpanRunner.Bound {
        AISpanRunner.begin(kind: .tool) { describeTool(tool(), arguments: arguments, callId: callId, agentName: $0) }
    }

    /// Runs a synchronous tool inside a `gen_ai.execute_tool` span (see the async variant).
    @discardableResult @inlinable
    public static func withToolSpan<Result>(
        _ tool: @autoclosure () -> AIToolDefinition, arguments: @autoclosure () -> JSONValue? = nil,
        callId: String? = nil, _ body: (AISpan) throws -> Result
    ) rethrows -> Result {
        guard !tracingIsOff else { return try untracedAI(body) }
        return try tracedTool(tool, arguments: arguments, callId: callId, body)
    }

    @usableFromInline
    static func tracedTool<Result>(
        _ tool: () -> AIToolDefinition, arguments: () -> JSONValue?, callId: String?, _ body: (AISpan) throws -> Result
    ) rethrows -> Result {
        try AISpanRunner.run(kind: .tool, describe: { describeTool(tool(), arguments: arguments, callId: callId, agentName: $0) }, body)
    }

    /// Records that agent `from` handed the conversation to agent `to`: a `gen_ai.handoff`
    /// span named `handoff from {from} to {to}`, finished at once.
    @inlinable
    public static func recordHandoff(from: String, to: String) {
        guard !tracingIsOff else { return }
        tracedHandoff(from: from, to: to)
    }

    @usableFromInline
    static func tracedHandoff(from: String, to: String) {
        if let active = Scopes.activeSpan, !active.isSampled { return }  // never sent
        var start = SpanStart(operation: "gen_ai.handoff", name: "handoff from \(from) to \(to)")
        start.data = [GenAIKey.operationName: "handoff", GenAIKey.agentName: .string(from)]
        startSpan(start).finish()
    }

    static func agentStart(_ agent: AIAgent) -> SpanStart {
        SpanStart(
            operation: "gen_ai.invoke_agent", name: "invoke_agent " + agent.name, origin: agent.origin,
            spanData: AISpanDescription.data(for: agent))
    }

    /// A model call's span, named `{operation} {model}`.
    static func clientStart(_ request: AIRequest, agentName: String?, streaming: Bool) -> SpanStart {
        SpanStart(
            operation: request.operation.spanOperation, name: request.operation.rawValue + " " + request.model,
            origin: request.origin,
            spanData: AISpanDescription.data(for: request, agentName: agentName, streaming: streaming))
    }

    static func describeTool(
        _ tool: AIToolDefinition, arguments: () -> JSONValue?, callId: String?, agentName: String?
    ) -> AISpanRunner.Description {
        let data = AISpanDescription.data(for: tool, arguments: arguments, callId: callId, agentName: agentName)
        return (SpanStart(operation: "gen_ai.execute_tool", name: "execute_tool " + tool.name, origin: nil, spanData: data), nil)
    }
}
