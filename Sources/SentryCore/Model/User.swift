/// The user an event concerns. Sent only as set by the app (or by integrations when PII is allowed).
public struct User: Sendable, Hashable, JSONEncodable {
    /// A unique id.
    public var id: String?
    /// A username.
    public var username: String?
    /// An email address.
    public var email: String?
    /// An IP address. Server SDKs never send `{{auto}}`.
    public var ipAddress: String?
    /// Approximate location.
    public var geo: Geo?
    /// Further keys, sent beside the known ones.
    public var data: [String: JSONValue]

    /// A user's approximate location.
    public struct Geo: Sendable, Hashable, JSONEncodable {
        /// City name.
        public var city: String?
        /// Two-letter country code.
        public var countryCode: String?
        /// Region name.
        public var region: String?

        /// Creates a location.
        public init(city: String? = nil, countryCode: String? = nil, region: String? = nil) {
            self.city = city
            self.countryCode = countryCode
            self.region = region
        }

        /// Writes the geo object.
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("city", city)
                w.field("country_code", countryCode)
                w.field("region", region)
            }
        }
    }

    /// Creates a user.
    public init(
        id: String? = nil, username: String? = nil, email: String? = nil, ipAddress: String? = nil,
        geo: Geo? = nil, data: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.username = username
        self.email = email
        self.ipAddress = ipAddress
        self.geo = geo
        self.data = data
    }

    /// Writes the user object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            for (key, value) in data where !User.knownKeys.contains(key) {
                w.key(string: key)
                value.encode(to: &w)
            }
            w.field("id", id)
            w.field("username", username)
            w.field("email", email)
            w.field("ip_address", ipAddress)
            w.field("geo", geo)
        }
    }

    private static let knownKeys: Set<String> = ["id", "username", "email", "ip_address", "geo"]
}
