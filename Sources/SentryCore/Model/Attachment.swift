/// A file sent with an event (`attachment` item).
public struct Attachment: Sendable, Hashable {
    /// The attachment's role.
    public enum Kind: String, Sendable, Hashable {
        case attachment = "event.attachment"
        case minidump = "event.minidump"
        case appleCrashReport = "event.applecrashreport"
        case viewHierarchy = "event.view_hierarchy"
    }

    /// The file name, without a path.
    public var filename: String
    /// The bytes.
    public var bytes: [UInt8]
    /// The MIME type.
    public var contentType: String
    /// The role.
    public var kind: Kind

    /// Creates an attachment; a path in `filename` is reduced to its last component.
    public init(
        bytes: [UInt8], filename: String, contentType: String = "application/octet-stream", kind: Kind = .attachment
    ) {
        self.bytes = bytes
        self.filename = String(filename.split(separator: "/").last ?? "attachment")
        self.contentType = contentType
        self.kind = kind
    }
}
