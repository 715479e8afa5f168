/// Which SDK produced the data: event `sdk`, envelope header `sdk`.
package struct SdkInfo: Sendable, Hashable, JSONEncodable {
    /// This SDK's name on the wire.
    package static let defaultName = "sentry.swift.server"
    /// This SDK's version.
    package static let currentVersion = "0.1.0"

    /// The SDK name (`entity.ecosystem[.flavor]`).
    package var name: String
    /// The SDK version (semver, no `v`).
    package var version: String
    /// Enabled integrations, defaults included.
    package var integrations: [String]
    /// Enabled features.
    package var features: [String]
    /// Packages that make up the SDK, as `name` (`source:identifier`) and `version`.
    package var packages: [Package]

    /// One package of the SDK.
    package struct Package: Sendable, Hashable, JSONEncodable {
        /// `source:identifier`, e.g. `swiftpm:sentry-swift`.
        package var name: String
        /// Its version.
        package var version: String

        /// Creates a package entry.
        package init(name: String, version: String) {
            self.name = name
            self.version = version
        }

        /// Writes `{name, version}`.
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("name", name)
                w.field("version", version)
            }
        }
    }

    /// Creates SDK info; defaults describe this SDK.
    package init(
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
    package init?(json: JSONValue?) {
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
    package var clientName: String { "\(name)/\(version)" }

    /// Writes the sdk object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("name", name)
            w.field("version", version)
            w.nonEmpty("integrations", integrations)
            w.nonEmpty("features", features)
            w.nonEmpty("packages", packages)
        }
    }
}
