/// A parsed Data Source Name: `{scheme}://{public_key}[:{secret}]@{host}[:{port}]{path}/{project_id}`.
public struct Dsn: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    /// The public key (the URL's user part).
    public var publicKey: String
    /// The deprecated secret key, when present.
    public var secretKey: String?
    /// The host name or IP literal (IPv6 without brackets).
    public var host: String
    /// The port, when not the scheme's default.
    public var port: Int?
    /// The path prefix before the project id, e.g. `/sentry` (empty for none).
    public var pathPrefix: String
    /// The project id.
    public var projectId: String

    /// Parses a DSN. Throws a ``DsnError`` that says what is wrong.
    public init(_ string: String) throws(DsnError) {
        let text = string.trimmingWhitespace()
        guard !text.isEmpty else { throw .empty }
        let separator = text.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard separator.count == 2 else { throw .missingScheme }
        let scheme = separator[0].lowercased()
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(scheme) }
        let rest = separator[1]
        guard let at = rest.lastIndex(of: "@") else { throw .missingPublicKey }
        let userInfo = rest[..<at]
        let keyParts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let key = keyParts.first, !key.isEmpty else { throw .missingPublicKey }
        var afterAt = rest[rest.index(after: at)...]
        if let cut = afterAt.firstIndex(where: { $0 == "?" || $0 == "#" }) { afterAt = afterAt[..<cut] }
        let slash = afterAt.firstIndex(of: "/") ?? afterAt.endIndex
        let authority = afterAt[..<slash]
        let path = afterAt[slash...]

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidHost(String(authority)) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let afterClose = authority[authority.index(after: close)...]
            if afterClose.hasPrefix(":") { portText = afterClose.dropFirst() } else if !afterClose.isEmpty {
                throw .invalidHost(String(authority))
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "@" || $0 == "/" || $0 == "[" || $0 == "]" }) else {
            throw .invalidHost(String(authority))
        }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { throw .invalidPort(String(portText)) }
            port = value == (scheme == "https" ? 443 : 80) ? nil : value
        }
        var segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let project = segments.popLast() else { throw .missingProjectId }
        guard project.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter || $0 == "-" || $0 == "_") }) else {
            throw .invalidProjectId(String(project))
        }

        self.scheme = scheme
        self.publicKey = String(key)
        self.secretKey = keyParts.count > 1 && !keyParts[1].isEmpty ? String(keyParts[1]) : nil
        self.host = String(host)
        self.port = port
        self.pathPrefix = segments.isEmpty ? "" : "/" + segments.joined(separator: "/")
        self.projectId = String(project)
    }

    /// `{scheme}://{host}[:{port}]{path}`.
    public var baseURL: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart)\(port.map { ":\($0)" } ?? "")\(pathPrefix)"
    }

    /// Where envelopes are posted: `{base}/api/{project_id}/envelope/`.
    public var envelopeURL: String { "\(baseURL)/api/\(projectId)/envelope/" }

    /// The organization id when the host looks like `o123.ingest.sentry.io`.
    public var orgId: String? {
        guard host.first == "o" else { return nil }
        let digits = host.dropFirst().prefix(while: \.isNumber)
        guard !digits.isEmpty, host.dropFirst(1 + digits.count).first == "." else { return nil }
        return String(digits)
    }

    /// The `X-Sentry-Auth` header value for a client named `name/version`.
    public func authHeader(client: String) -> String {
        var value = "Sentry sentry_key=\(publicKey), sentry_version=7, sentry_client=\(client)"
        if let secretKey { value += ", sentry_secret=\(secretKey)" }
        return value
    }

    /// The DSN in canonical form.
    public var description: String {
        "\(scheme)://\(publicKey)\(secretKey.map { ":\($0)" } ?? "")@\(baseURL.dropFirst(scheme.count + 3))/\(projectId)"
    }
}

/// What is wrong with a DSN.
public enum DsnError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case missingScheme
    case unsupportedScheme(String)
    case missingPublicKey
    case invalidHost(String)
    case invalidPort(String)
    case missingProjectId
    case invalidProjectId(String)

    /// A sentence that tells the user what to fix.
    public var description: String {
        switch self {
        case .empty: "the DSN is empty"
        case .missingScheme: "the DSN has no scheme; expected https://<key>@<host>/<project>"
        case .unsupportedScheme(let scheme): "the DSN scheme '\(scheme)' is not supported; use http or https"
        case .missingPublicKey: "the DSN has no public key before '@'"
        case .invalidHost(let host): "the DSN host '\(host)' is not valid"
        case .invalidPort(let port): "the DSN port '\(port)' is not a number from 1 to 65535"
        case .missingProjectId: "the DSN has no project id as its last path segment"
        case .invalidProjectId(let id): "the DSN project id '\(id)' is not valid"
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
