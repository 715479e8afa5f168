/// What the symbolicator knows about one instruction address.
package struct ResolvedAddress: Sendable, Hashable {
    /// The readable function name, e.g. `MyApp.Handler.run(request:)`.
    package var function: String?
    /// The symbol as in the symbol table (mangled), when it differs from ``function``.
    package var rawFunction: String?
    /// The Swift module that declares the function.
    package var module: String?
    /// The image (executable or shared object) path.
    package var package: String?
    /// The absolute source path (setting it also sets ``filename``).
    package var absPath: String? {
        didSet { filename = absPath.map(Self.projectRelative) }
    }
    /// The source path relative to the project: from its `Sources/` or `Tests/` folder when it
    /// has one, else the file name. Derived once from ``absPath`` (resolved addresses are cached,
    /// and every event's frames read it).
    package private(set) var filename: String?
    /// The 1-based source line.
    package var lineno: Int?
    /// The symbol's start (runtime address).
    package var symbolAddress: UInt64?
    /// The image's load address.
    package var imageAddress: UInt64?
    /// Whether the image is the process's main executable.
    package var isMainExecutable: Bool

    /// Describes a resolved address.
    package init(
        function: String? = nil, rawFunction: String? = nil, module: String? = nil, package: String? = nil,
        absPath: String? = nil, lineno: Int? = nil, symbolAddress: UInt64? = nil, imageAddress: UInt64? = nil,
        isMainExecutable: Bool = false
    ) {
        self.function = function
        self.rawFunction = rawFunction
        self.module = module
        self.package = package
        self.absPath = absPath
        filename = absPath.map(Self.projectRelative)
        self.lineno = lineno
        self.symbolAddress = symbolAddress
        self.imageAddress = imageAddress
        self.isMainExecutable = isMainExecutable
    }

    private static func projectRelative(_ absPath: String) -> String {
        for marker in ["/Sources/", "/Tests/"] {
            if let index = lastRange(of: marker, in: absPath) {
                return String(absPath[absPath.index(after: index)...])
            }
        }
        return absPath.split(separator: "/").last.map(String.init) ?? absPath
    }

    private static func lastRange(of marker: String, in text: String) -> String.Index? {
        let pattern = Array(marker.utf8)
        let utf8 = text.utf8
        var found: String.Index?
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index...].starts(with: pattern) { found = index }
            index = utf8.index(after: index)
        }
        return found
    }
}
