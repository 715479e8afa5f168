public import SentryCore

/// Adds the host's `os`, `runtime`, `device` and `app` contexts to every event (default on).
public struct HostContextsIntegration: Integration {
    /// Creates the integration.
    public init() {}

    /// `contexts`.
    public var name: String { "contexts" }

    /// Reads the host once; the processor fills what an event does not already have.
    public func install(options: Options) -> InstalledIntegration? {
        let host = HostContexts.read(includeArguments: options.sendDefaultPii)
        let serverName = options.serverName ?? HostName.current
        return InstalledIntegration(eventProcessor: InPlaceClosureEventProcessor { event, _ in
            if event.contexts.os == nil { event.contexts.os = host.os }
            if event.contexts.runtime == nil { event.contexts.runtime = host.runtime }
            if event.contexts.device == nil { event.contexts.device = host.device }
            if event.contexts.app == nil { event.contexts.app = host.app }
            if event.serverName == nil { event.serverName = serverName }
            return true
        })
    }
}
