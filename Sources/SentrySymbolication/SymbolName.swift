internal import CSentry

#if canImport(Glibc)
import Glibc
#endif

/// A symbol's names: the raw (mangled) one, a readable function name and, for Swift, its module.
struct SymbolName: Sendable, Hashable {
    /// The symbol as it appears in the symbol table.
    var raw: String
    /// The readable name: `MyApp.Handler.run(request:)` for Swift, demangled C++, or `raw`.
    var function: String
    /// The Swift module that declares it (`nil` for C and C++).
    var module: String?

    /// Demangles `raw` with the Swift runtime (simplified form, qualified with its module).
    init(raw: String) {
        self.raw = raw
        module = Self.swiftModule(of: raw)
        var readable = raw.withCString { Self.take(sentry_demangle_simplified($0, strlen($0))) }
        if module != nil, readable == nil || readable == raw {
            readable = raw.withCString { Self.take(sentry_demangle_full($0, strlen($0))) }
        }
        var function = readable ?? raw
        if let module, !function.contains(module + ".") {
            // The simplified form leaves out module names; put the declaring module back in front
            // of the entity (after the last " in " of a closure or thunk description).
            if let index = Self.endOfLastIn(function) {
                function.insert(contentsOf: module + ".", at: index)
            } else {
                function = module + "." + function
            }
        }
        self.function = function
    }

    /// The index just after the last `" in "` of `text`.
    private static func endOfLastIn(_ text: String) -> String.Index? {
        let marker = Array(" in ".utf8)
        let utf8 = text.utf8
        var found: String.Index?
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index...].starts(with: marker) { found = utf8.index(index, offsetBy: marker.count) }
            index = utf8.index(after: index)
        }
        return found
    }

    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { free(pointer) }
        let text = String(cString: pointer)
        return text.isEmpty ? nil : text
    }

    /// The module of a Swift mangled name: the first identifier after the prefix, `Swift` for
    /// standard-library substitutions, `nil` for anything that is not Swift.
    static func swiftModule(of name: String) -> String? {
        var bytes = Substring(name).utf8[...]
        var matched = false
        for prefix in ["_$s", "$s", "_$S", "$S", "_T0", "$e", "_$e"] where name.hasPrefix(prefix) {
            bytes = bytes.dropFirst(prefix.utf8.count)
            matched = true
            break
        }
        guard matched, let first = bytes.first else { return nil }
        if first == UInt8(ascii: "s") { return "Swift" }
        if first == UInt8(ascii: "S") {
            let second = bytes.dropFirst().first
            if second == UInt8(ascii: "o") || second == UInt8(ascii: "C") { return "__C" }
            if second == UInt8(ascii: "c") { return "Swift" }
            return "Swift"
        }
        var length = 0
        var digits = 0
        while let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 4 {
            length = length * 10 + Int(byte - UInt8(ascii: "0"))
            bytes = bytes.dropFirst()
            digits += 1
        }
        guard digits > 0, length > 0, bytes.count >= length else { return nil }
        return String(decoding: bytes.prefix(length), as: UTF8.self)
    }
}
