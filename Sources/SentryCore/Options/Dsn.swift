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
        guard key.utf8.allSatisfy(Self.isKeyByte) else { throw .invalidPublicKey(String(key)) }
        if keyParts.count > 1, !keyParts[1].utf8.allSatisfy(Self.isKeyByte) { throw .invalidSecretKey }
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
        let isBracketed = authority.hasPrefix("[")
        guard !host.isEmpty, host.utf8.allSatisfy({ isBracketed ? Self.isIPv6Byte($0) : Self.isHostByte($0) }),
            !isBracketed || host.contains(":")  // an IPv6 literal has colons; it is written in brackets again
        else {
            throw .invalidHost(String(authority))
        }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { throw .invalidPort(String(portText)) }
            port = value == (scheme == "https" ? 443 : 80) ? nil : value
        }
        guard path.utf8.allSatisfy(Self.isPathByte) else { throw .invalidPath(String(path)) }
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

    /// Key characters: URL-unreserved ASCII and `%` (Sentry's keys are hex). Anything else,
    /// CR and LF above all, would reach the `X-Sentry-Auth` header.
    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "%")
    }

    /// Host name characters: ASCII letters, digits, `-`, `.`, `_`, and UTF-8 beyond ASCII (IDN).
    private static func isHostByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    /// IPv6 literal characters: hex digits, `:`, `.` (embedded IPv4) and `%` (a zone).
    private static func isIPv6Byte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "%")
    }

    /// Path characters: visible ASCII except those URLs never carry unescaped.
    private static func isPathByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && !Array("\"<>\\^`{|}".utf8).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
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
    case invalidPublicKey(String)
    case invalidSecretKey
    case invalidHost(String)
    case invalidPort(String)
    case invalidPath(String)
    case missingProjectId
    case invalidProjectId(String)

    /// A sentence that tells the user what to fix.
    public var description: String {
        switch self {
        case .empty: "the DSN is empty"
        case .missingScheme: "the DSN has no scheme; expected https://<key>@<host>/<project>"
        case .unsupportedScheme(let scheme): "the DSN scheme '\(scheme)' is not supported; use http or https"
        case .missingPublicKey: "the DSN has no public key before '@'"
        case .invalidPublicKey(let key):
            "the DSN public key \(key.debugDescription) holds characters a key never has (expected letters and digits)"
        case .invalidSecretKey: "the DSN secret key holds characters a key never has (expected letters and digits)"
        case .invalidPath(let path): "the DSN path \(path.debugDescription) holds spaces or control characters"
        case .invalidHost(let host): "the DSN host \(host.debugDescription) is not valid"
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
