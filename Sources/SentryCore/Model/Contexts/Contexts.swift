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
                w.key(string: key)
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
