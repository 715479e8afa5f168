public import SentryCore

/// Settings of AI monitoring, given as an integration (like the Python SDK's `include_prompts`):
///
/// ```swift
/// options.sendDefaultPii = true
/// options.integrations.append(AIMonitoringIntegration(includePrompts: false))
/// ```
///
/// Prompts, messages, tool arguments and results are recorded only when
/// ``Options/sendDefaultPii`` is on and ``includePrompts`` is not turned off. Without this
/// integration in the options, `includePrompts` counts as `true`.
public struct AIMonitoringIntegration: Integration {
    /// Whether prompt and response content may be recorded (still needs `sendDefaultPii`).
    public var includePrompts: Bool

    /// AI monitoring settings.
    public init(includePrompts: Bool = true) { self.includePrompts = includePrompts }

    /// `AIMonitoring`.
    public var name: String { "AIMonitoring" }

    /// Installs nothing: the span helpers read the setting from the options.
    public func install(options: Options) -> InstalledIntegration? { InstalledIntegration() }

    /// Whether the started SDK's options allow recording prompt and response content.
    package static func contentAllowed() -> Bool { SentrySDK.withOptions(recordsContent) ?? false }

    /// Whether `options` allow recording prompt and response content.
    package static func recordsContent(_ options: Options) -> Bool {
        guard options.sendDefaultPii else { return false }
        // The name first: comparing it costs less than a cast of every integration.
        for integration in options.integrations where integration.name == "AIMonitoring" {
            if let ai = integration as? AIMonitoringIntegration { return ai.includePrompts }
        }
        return true
    }
}
