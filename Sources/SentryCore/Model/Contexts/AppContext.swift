/// `contexts.app`: the running process.
public struct AppContext: Sendable, Hashable, JSONEncodable {
    /// When the process started.
    public var appStartTime: SentryTimestamp?
    /// The process name.
    public var appName: String?
    /// The app version.
    public var appVersion: String?
    /// The build.
    public var appBuild: String?
    /// Resident memory in bytes.
    public var appMemory: UInt64?
    /// Command-line arguments (only with PII allowed).
    public var arguments: [String]

    /// Creates an app context.
    public init(
        appStartTime: SentryTimestamp? = nil, appName: String? = nil, appVersion: String? = nil,
        appBuild: String? = nil, appMemory: UInt64? = nil, arguments: [String] = []
    ) {
        self.appStartTime = appStartTime
        self.appName = appName
        self.appVersion = appVersion
        self.appBuild = appBuild
        self.appMemory = appMemory
        self.arguments = arguments
    }

    /// Writes the app context object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("type", "app")
            w.field("app_start_time", appStartTime?.rfc3339)
            w.field("app_name", appName)
            w.field("app_version", appVersion)
            w.field("app_build", appBuild)
            w.field("app_memory", appMemory)
            w.nonEmpty("app_arguments", arguments)
        }
    }
}
