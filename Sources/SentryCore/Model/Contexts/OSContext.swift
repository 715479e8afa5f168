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
