import SentryCore

/// The attributes each kind of AI span starts with. Content attributes are added only when
/// there is content and the options allow it.
enum AISpanDescription {
    static func data(for request: AIRequest, agentName: String?, streaming: Bool) -> SpanData {
        var data = SpanData()
        data.reserveCapacity(24)
        data.set(.string(request.operation.rawValue), forKey: GenAIKey.operationName)
        data.set(.string(request.provider), forKey: GenAIKey.providerName)
        data.set(.string(request.provider), forKey: GenAIKey.system)
        data.set(.string(request.model), forKey: GenAIKey.requestModel)
        if let agentName { data.set(.string(agentName), forKey: GenAIKey.agentName) }
        if let id = request.conversationId { data.set(.string(id), forKey: GenAIKey.conversationId) }
        if let value = request.maxTokens { data.set(.int(Int64(value)), forKey: GenAIKey.requestMaxTokens) }
        if let value = request.temperature { data.set(.double(value), forKey: GenAIKey.requestTemperature) }
        if let value = request.topP { data.set(.double(value), forKey: GenAIKey.requestTopP) }
        if let value = request.topK { data.set(.int(Int64(value)), forKey: GenAIKey.requestTopK) }
        if let value = request.frequencyPenalty { data.set(.double(value), forKey: GenAIKey.requestFrequencyPenalty) }
        if let value = request.presencePenalty { data.set(.double(value), forKey: GenAIKey.requestPresencePenalty) }
        if let value = request.seed { data.set(.int(Int64(value)), forKey: GenAIKey.requestSeed) }
        if let value = request.reasoningLevel { data.set(.string(value), forKey: GenAIKey.requestReasoningLevel) }
        if streaming { data.set(.bool(true), forKey: GenAIKey.responseStreaming) }
        addTools(request.tools, to: &data)
        let hasContent = !request.messages.isEmpty || request.systemInstructions != nil || !request.embeddingsInput.isEmpty
        guard hasContent, AIMonitoringIntegration.contentAllowed() else { return data }
        if let json = AIContent.messagesJSON(request.messages) { data.set(.string(json), forKey: GenAIKey.inputMessages) }
        if let text = request.systemInstructions { data.set(.string(AIContent.text(text)), forKey: GenAIKey.systemInstructions) }
        if !request.embeddingsInput.isEmpty {
            data.set(.string(AIContent.stringsJSON(request.embeddingsInput)), forKey: GenAIKey.embeddingsInput)
        }
        return data
    }

    static func data(for agent: AIAgent) -> SpanData {
        var data = SpanData()
        data.reserveCapacity(16)
        data.set("invoke_agent", forKey: GenAIKey.operationName)
        data.set(.string(agent.name), forKey: GenAIKey.agentName)
        if let provider = agent.provider {
            data.set(.string(provider), forKey: GenAIKey.providerName)
            data.set(.string(provider), forKey: GenAIKey.system)
        }
        if let model = agent.model { data.set(.string(model), forKey: GenAIKey.requestModel) }
        if let id = agent.conversationId { data.set(.string(id), forKey: GenAIKey.conversationId) }
        addTools(agent.tools, to: &data)
        if let text = agent.instructions, AIMonitoringIntegration.contentAllowed() {
            data.set(.string(AIContent.text(text)), forKey: GenAIKey.systemInstructions)
        }
        return data
    }

    static func data(
        for tool: AIToolDefinition, arguments: () -> JSONValue?, callId: String?, agentName: String?
    ) -> SpanData {
        var data = SpanData()
        data.reserveCapacity(16)
        data.set("execute_tool", forKey: GenAIKey.operationName)
        data.set(.string(tool.name), forKey: GenAIKey.toolName)
        data.set(.string(tool.type.rawValue), forKey: GenAIKey.toolType)
        if let description = tool.description { data.set(.string(description), forKey: GenAIKey.toolDescription) }
        if let callId { data.set(.string(callId), forKey: GenAIKey.toolCallId) }
        if let agentName { data.set(.string(agentName), forKey: GenAIKey.agentName) }
        // The options first: the arguments are the caller's to build, and only when they are sent.
        if AIMonitoringIntegration.contentAllowed(), let arguments = arguments() {
            data.set(.string(AIContent.string(arguments)), forKey: GenAIKey.toolCallArguments)
        }
        return data
    }

    private static func addTools(_ tools: [AIToolDefinition], to data: inout SpanData) {
        guard !tools.isEmpty else { return }
        data.set(.string(AIContent.string(.array(tools.map(\.json)))), forKey: GenAIKey.toolDefinitions)
    }
}
