import SentryCore

/// The attributes each kind of AI span starts with. Content attributes are added only when
/// there is content and the options allow it.
enum AISpanDescription {
    static func data(for request: AIRequest, agentName: String?, streaming: Bool) -> [String: JSONValue] {
        var data = [String: JSONValue](minimumCapacity: 24)
        data[GenAIKey.operationName] = .string(request.operation.rawValue)
        data[GenAIKey.providerName] = .string(request.provider)
        data[GenAIKey.system] = .string(request.provider)
        data[GenAIKey.requestModel] = .string(request.model)
        if let agentName { data[GenAIKey.agentName] = .string(agentName) }
        if let id = request.conversationId { data[GenAIKey.conversationId] = .string(id) }
        if let value = request.maxTokens { data[GenAIKey.requestMaxTokens] = .int(Int64(value)) }
        if let value = request.temperature { data[GenAIKey.requestTemperature] = .double(value) }
        if let value = request.topP { data[GenAIKey.requestTopP] = .double(value) }
        if let value = request.topK { data[GenAIKey.requestTopK] = .int(Int64(value)) }
        if let value = request.frequencyPenalty { data[GenAIKey.requestFrequencyPenalty] = .double(value) }
        if let value = request.presencePenalty { data[GenAIKey.requestPresencePenalty] = .double(value) }
        if let value = request.seed { data[GenAIKey.requestSeed] = .int(Int64(value)) }
        if let value = request.reasoningLevel { data[GenAIKey.requestReasoningLevel] = .string(value) }
        if streaming { data[GenAIKey.responseStreaming] = .bool(true) }
        addTools(request.tools, to: &data)
        let hasContent = !request.messages.isEmpty || request.systemInstructions != nil || !request.embeddingsInput.isEmpty
        guard hasContent, AIMonitoringIntegration.contentAllowed() else { return data }
        if let json = AIContent.messagesJSON(request.messages) { data[GenAIKey.inputMessages] = .string(json) }
        if let text = request.systemInstructions { data[GenAIKey.systemInstructions] = .string(AIContent.text(text)) }
        if !request.embeddingsInput.isEmpty {
            data[GenAIKey.embeddingsInput] = .string(AIContent.stringsJSON(request.embeddingsInput))
        }
        return data
    }

    static func data(for agent: AIAgent) -> [String: JSONValue] {
        var data = [String: JSONValue](minimumCapacity: 16)
        data[GenAIKey.operationName] = "invoke_agent"
        data[GenAIKey.agentName] = .string(agent.name)
        if let provider = agent.provider {
            data[GenAIKey.providerName] = .string(provider)
            data[GenAIKey.system] = .string(provider)
        }
        if let model = agent.model { data[GenAIKey.requestModel] = .string(model) }
        if let id = agent.conversationId { data[GenAIKey.conversationId] = .string(id) }
        addTools(agent.tools, to: &data)
        if let text = agent.instructions, AIMonitoringIntegration.contentAllowed() {
            data[GenAIKey.systemInstructions] = .string(AIContent.text(text))
        }
        return data
    }

    static func data(
        for tool: AIToolDefinition, arguments: () -> JSONValue?, callId: String?, agentName: String?
    ) -> [String: JSONValue] {
        var data = [String: JSONValue](minimumCapacity: 16)
        data[GenAIKey.operationName] = "execute_tool"
        data[GenAIKey.toolName] = .string(tool.name)
        data[GenAIKey.toolType] = .string(tool.type.rawValue)
        if let description = tool.description { data[GenAIKey.toolDescription] = .string(description) }
        if let callId { data[GenAIKey.toolCallId] = .string(callId) }
        if let agentName { data[GenAIKey.agentName] = .string(agentName) }
        if let arguments = arguments(), AIMonitoringIntegration.contentAllowed() {
            data[GenAIKey.toolCallArguments] = .string(AIContent.string(arguments))
        }
        return data
    }

    private static func addTools(_ tools: [AIToolDefinition], to data: inout [String: JSONValue]) {
        guard !tools.isEmpty else { return }
        data[GenAIKey.toolDefinitions] = .string(AIContent.string(.array(tools.map(\.json))))
    }
}
