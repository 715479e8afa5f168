/// Which SDK produced the data: event `sdk`, envelope header `sdk`.
public struct SdkInfo: Sendable, Hashable, JSONEncodable {
    /// This SDK's name on the wire.
    public static let defaultName = "sentry.swift.server"
    /// This SDK's version.
    public static let currentVersion = "0.1.0"

    /// The SDK name (`entity.ecosystem[.flavor]`).
    public var name: String
    /// The SDK version (semver, no `v`).
    public var version: String
    /// Enabled integrations, defaults included.
    public var integrations: [String]
    /// Enabled features.
    public var features: [String]
    /// Packages that make up the SDK, as `name` (`source:identifier`) and `version`.
    public var packages: [Package]

    /// One package of the SDK.
    public struct Package: Sendable, Hashable, JSONEncodable {
        /// `source:identifier`, e.g. `swiftpm:sentry-swift`.
        public var name: String
        /// Its version.
        public var version: String

        /// Creates a package entry.
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }

        /// Writes `{name, version}`.
        public func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("name", name)
                w.field("version", version)
            }
        }
    }

    /// Creates SDK info; defaults describe this SDK.
    public init(
        name: String = SdkInfo.defaultName, version: String = SdkInfo.currentVersion, integrations: [String] = [],
        features: [String] = [], packages: [Package] = [Package(name: "swiftpm:sentry-swift", version: SdkInfo.currentVersion)]
    ) {
        self.name = name
        self.version = version
        self.integrations = integrations
        self.features = features
        self.packages = packages
    }

    /// Reads SDK info back from JSON (envelope headers); `nil` without a name and version.
    public init?(json: JSONValue?) {
        guard let name = json?["name"]?.stringValue, let version = json?["version"]?.stringValue else { return nil }
        self.init(
            name: name, version: version,
            integrations: json?["integrations"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            features: json?["features"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            packages: json?["packages"]?.arrayValue?.compactMap { package in
                guard let name = package["name"]?.stringValue, let version = package["version"]?.stringValue else {
                    return nil
                }
                return Package(name: name, version: version)
            } ?? [])
    }

    /// The `name/version` string used in `User-Agent` and `sentry_client`.
    public var clientName: String { "\(name)/\(version)" }

    /// Writes the sdk object.
    public func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("name", name)
            w.field("version", version)
            w.nonEmpty("integrations", integrations)
            w.nonEmpty("features", features)
            w.nonEmpty("packages", packages)
        }
    }
}
