import SentryCore

/// The attributes each kind of AI span carries at its start.
enum AISpanDescription {
    static func describe(_ request: AIRequest, on span: AISpan, agentName: String?, streaming: Bool) {
        let s = span.span
        s.setData(.string(request.operation.rawValue), forKey: GenAIKey.operationName)
        s.setData(.string(request.provider), forKey: GenAIKey.providerName)
        s.setData(.string(request.provider), forKey: GenAIKey.system)
        s.setData(.string(request.model), forKey: GenAIKey.requestModel)
        if let agentName { s.setData(.string(agentName), forKey: GenAIKey.agentName) }
        if let id = request.conversationId { s.setData(.string(id), forKey: GenAIKey.conversationId) }
        if let value = request.maxTokens { s.setData(.int(Int64(value)), forKey: GenAIKey.requestMaxTokens) }
        if let value = request.temperature { s.setData(.double(value), forKey: GenAIKey.requestTemperature) }
        if let value = request.topP { s.setData(.double(value), forKey: GenAIKey.requestTopP) }
        if let value = request.topK { s.setData(.int(Int64(value)), forKey: GenAIKey.requestTopK) }
        if let value = request.frequencyPenalty { s.setData(.double(value), forKey: GenAIKey.requestFrequencyPenalty) }
        if let value = request.presencePenalty { s.setData(.double(value), forKey: GenAIKey.requestPresencePenalty) }
        if let value = request.seed { s.setData(.int(Int64(value)), forKey: GenAIKey.requestSeed) }
        if let value = request.reasoningLevel { s.setData(.string(value), forKey: GenAIKey.requestReasoningLevel) }
        if streaming { s.setData(.bool(true), forKey: GenAIKey.responseStreaming) }
        describeTools(request.tools, on: s)
        guard span.recordsContent else { return }
        if let json = AIContent.messagesJSON(request.messages) { s.setData(.string(json), forKey: GenAIKey.inputMessages) }
        if let text = request.systemInstructions {
            s.setData(.string(AIContent.text(text)), forKey: GenAIKey.systemInstructions)
        }
        if !request.embeddingsInput.isEmpty {
            s.setData(.string(AIContent.stringsJSON(request.embeddingsInput)), forKey: GenAIKey.embeddingsInput)
        }
    }

    static func describe(_ agent: AIAgent, on span: AISpan) {
        let s = span.span
        s.setData("invoke_agent", forKey: GenAIKey.operationName)
        s.setData(.string(agent.name), forKey: GenAIKey.agentName)
        if let provider = agent.provider {
            s.setData(.string(provider), forKey: GenAIKey.providerName)
            s.setData(.string(provider), forKey: GenAIKey.system)
        }
        if let model = agent.model { s.setData(.string(model), forKey: GenAIKey.requestModel) }
        if let id = agent.conversationId { s.setData(.string(id), forKey: GenAIKey.conversationId) }
        describeTools(agent.tools, on: s)
        if span.recordsContent, let text = agent.instructions {
            s.setData(.string(AIContent.text(text)), forKey: GenAIKey.systemInstructions)
        }
    }

    static func describe(
        _ tool: AIToolDefinition, arguments: JSONValue?, callId: String?, agentName: String?, on span: AISpan
    ) {
        let s = span.span
        s.setData("execute_tool", forKey: GenAIKey.operationName)
        s.setData(.string(tool.name), forKey: GenAIKey.toolName)
        s.setData(.string(tool.type.rawValue), forKey: GenAIKey.toolType)
        if let description = tool.description { s.setData(.string(description), forKey: GenAIKey.toolDescription) }
        if let callId { s.setData(.string(callId), forKey: GenAIKey.toolCallId) }
        if let agentName { s.setData(.string(agentName), forKey: GenAIKey.agentName) }
        if span.recordsContent, let arguments {
            s.setData(.string(AIContent.string(arguments)), forKey: GenAIKey.toolCallArguments)
        }
    }

    private static func describeTools(_ tools: [AIToolDefinition], on span: any Span) {
        guard !tools.isEmpty else { return }
        span.setData(.string(AIContent.string(.array(tools.map(\.json)))), forKey: GenAIKey.toolDefinitions)
    }
}
