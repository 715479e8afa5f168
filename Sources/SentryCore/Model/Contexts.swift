/// An event's `contexts`: typed entries for what this SDK fills, plus any others by key.
public struct Contexts: Sendable, Hashable, JSONEncodable {
    /// The trace this event belongs to (required on transactions).
    public var trace: TraceContext?
    /// The operating system.
    public var os: OSContext?
    /// The Swift runtime.
    public var runtime: RuntimeContext?
    /// The host machine.
    public var device: DeviceContext?
    /// The process.
    public var app: AppContext?
    /// Recent feature-flag evaluations.
    public var flags: FlagsContext?
    /// Any other context, by key (`response`, `cloud_resource`, custom ones…).
    public var other: [String: JSONValue]

    /// Creates contexts.
    public init(
        trace: TraceContext? = nil, os: OSContext? = nil, runtime: RuntimeContext? = nil,
        device: DeviceContext? = nil, app: AppContext? = nil, flags: FlagsContext? = nil,
        other: [String: JSONValue] = [:]
    ) {
        self.trace = trace
        self.os = os
        self.runtime = runtime
        self.device = device
        self.app = app
        self.flags = flags
        self.other = other
    }

    /// Whether nothing is set.
    public var isEmpty: Bool {
        trace == nil && os == nil && runtime == nil && device == nil && app == nil && flags == nil && other.isEmpty
    }

    /// Writes the contexts object; typed entries win over `other` entries with the same key.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            for (key, value) in other where !Self.typedKeys.contains(key) {
                w.key(key)
                value.encode(to: &w)
            }
            w.field("trace", trace)
            w.field("os", os)
            w.field("runtime", runtime)
            w.field("device", device)
            w.field("app", app)
            w.field("flags", flags)
        }
    }

    private static let typedKeys: Set<String> = ["trace", "os", "runtime", "device", "app", "flags"]
}

/// `contexts.trace`: which trace and span an event or transaction belongs to.
public struct TraceContext: Sendable, Hashable, JSONEncodable {
    /// The trace id.
    public var traceId: SentryId
    /// The span id.
    public var spanId: SpanId
    /// The parent span id.
    public var parentSpanId: SpanId?
    /// The operation, e.g. `http.server`.
    public var op: String?
    /// The status.
    public var status: SpanStatus?
    /// Who started the span: `manual` or `auto.<category>.<integration>`.
    public var origin: String?
    /// A description.
    public var description: String?
    /// Span data (`thread.id`, `thread.name`, …).
    public var data: [String: JSONValue]

    /// Creates a trace context.
    public init(
        traceId: SentryId, spanId: SpanId, parentSpanId: SpanId? = nil, op: String? = nil,
        status: SpanStatus? = nil, origin: String? = nil, description: String? = nil,
        data: [String: JSONValue] = [:]
    ) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.op = op
        self.status = status
        self.origin = origin
        self.description = description
        self.data = data
    }

    /// Writes the trace context object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("type", "trace")
            w.field("trace_id", traceId)
            w.field("span_id", spanId)
            w.field("parent_span_id", parentSpanId)
            w.field("op", op)
            w.field("status", status)
            w.field("origin", origin)
            w.field("description", description)
            w.nonEmpty("data", data)
        }
    }
}

/// `contexts.os`.
public struct OSContext: Sendable, Hashable, JSONEncodable {
    /// e.g. `Linux`.
    public var name: String?
    /// The kernel release.
    public var version: String?
    /// The full `uname` version string.
    public var kernelVersion: String?
    /// A build identifier.
    public var build: String?
    /// An unparsed description.
    public var rawDescription: String?
    /// `/etc/os-release` `ID`.
    public var distributionName: String?
    /// `/etc/os-release` `VERSION_ID`.
    public var distributionVersion: String?
    /// `/etc/os-release` `PRETTY_NAME`.
    public var distributionPrettyName: String?

    /// Creates an OS context.
    public init(
        name: String? = nil, version: String? = nil, kernelVersion: String? = nil, build: String? = nil,
        rawDescription: String? = nil, distributionName: String? = nil, distributionVersion: String? = nil,
        distributionPrettyName: String? = nil
    ) {
        self.name = name
        self.version = version
        self.kernelVersion = kernelVersion
        self.build = build
        self.rawDescription = rawDescription
        self.distributionName = distributionName
        self.distributionVersion = distributionVersion
        self.distributionPrettyName = distributionPrettyName
    }

    /// Writes the os context object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("type", "os")
            w.field("name", name)
            w.field("version", version)
            w.field("kernel_version", kernelVersion)
            w.field("build", build)
            w.field("raw_description", rawDescription)
            w.field("distribution_name", distributionName)
            w.field("distribution_version", distributionVersion)
            w.field("distribution_pretty_name", distributionPrettyName)
        }
    }
}

/// `contexts.runtime`.
public struct RuntimeContext: Sendable, Hashable, JSONEncodable {
    /// e.g. `swift`.
    public var name: String?
    /// e.g. `6.3.1`.
    public var version: String?
    /// An unparsed description.
    public var rawDescription: String?

    /// Creates a runtime context.
    public init(name: String? = nil, version: String? = nil, rawDescription: String? = nil) {
        self.name = name
        self.version = version
        self.rawDescription = rawDescription
    }

    /// Writes the runtime context object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("type", "runtime")
            w.field("name", name)
            w.field("version", version)
            w.field("raw_description", rawDescription)
        }
    }
}

/// `contexts.device`: the host.
public struct DeviceContext: Sendable, Hashable, JSONEncodable {
    /// CPU architecture, e.g. `x86_64`.
    public var arch: String?
    /// Logical CPUs.
    public var processorCount: Int?
    /// CPU model name.
    public var cpuDescription: String?
    /// Total memory in bytes.
    public var memorySize: UInt64?
    /// Free memory in bytes.
    public var freeMemory: UInt64?
    /// When the host booted.
    public var bootTime: SentryTimestamp?
    /// Host name (PII-ish).
    public var name: String?

    /// Creates a device context.
    public init(
        arch: String? = nil, processorCount: Int? = nil, cpuDescription: String? = nil, memorySize: UInt64? = nil,
        freeMemory: UInt64? = nil, bootTime: SentryTimestamp? = nil, name: String? = nil
    ) {
        self.arch = arch
        self.processorCount = processorCount
        self.cpuDescription = cpuDescription
        self.memorySize = memorySize
        self.freeMemory = freeMemory
        self.bootTime = bootTime
        self.name = name
    }

    /// Writes the device context object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("type", "device")
            w.field("arch", arch)
            w.field("processor_count", processorCount)
            w.field("cpu_description", cpuDescription)
            w.field("memory_size", memorySize)
            w.field("free_memory", freeMemory)
            w.field("boot_time", bootTime?.rfc3339)
            w.field("name", name)
        }
    }
}

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

/// `contexts.flags`: the most recent feature-flag evaluations.
public struct FlagsContext: Sendable, Hashable, JSONEncodable {
    /// One evaluation.
    public struct Evaluation: Sendable, Hashable, JSONEncodable {
        /// The flag's name.
        public var flag: String
        /// What it evaluated to.
        public var result: Bool

        /// Creates an evaluation.
        public init(flag: String, result: Bool) {
            self.flag = flag
            self.result = result
        }

        /// Writes `{flag, result}`.
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("flag", flag)
                w.field("result", result)
            }
        }
    }

    /// Evaluations, oldest first.
    public var values: [Evaluation]

    /// Creates a flags context.
    public init(values: [Evaluation] = []) { self.values = values }

    /// Writes `{"values": [...]}`.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in w.field("values", values) }
    }
}
