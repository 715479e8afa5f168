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
