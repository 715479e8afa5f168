public import SentryCore

#if canImport(Glibc)
import Glibc
#endif

/// What a Linux host and process look like: `contexts.os`, `runtime`, `device` and `app`,
/// read once (uname, /etc/os-release, /proc) and reused for every event.
public struct HostContexts: Sendable {
    /// The operating system.
    public var os: OSContext
    /// The Swift runtime.
    public var runtime: RuntimeContext
    /// The machine.
    public var device: DeviceContext
    /// The process.
    public var app: AppContext

    /// Reads the host. Command-line arguments are kept only when `includeArguments` (PII) is on.
    public static func read(includeArguments: Bool, startTime: SentryTimestamp = .now()) -> HostContexts {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let release = field(names.release)
        let release_ = OSRelease.read()
        let os = OSContext(
            name: field(names.sysname), version: release, kernelVersion: field(names.version),
            rawDescription: "\(field(names.sysname)) \(release) \(field(names.machine))",
            distributionName: release_["ID"], distributionVersion: release_["VERSION_ID"],
            distributionPrettyName: release_["PRETTY_NAME"])
        let runtime = RuntimeContext(name: "swift", version: swiftVersion, rawDescription: "Swift \(swiftVersion)")
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let available = sysconf(Int32(_SC_AVPHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        let device = DeviceContext(
            arch: field(names.machine), processorCount: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            cpuDescription: cpuModel(), memorySize: pages > 0 ? UInt64(pages * pageSize) : nil,
            freeMemory: available > 0 ? UInt64(available * pageSize) : nil)
        let arguments = includeArguments ? CommandLine.arguments : []
        let app = AppContext(appStartTime: startTime, appName: processName(), arguments: arguments)
        return HostContexts(os: os, runtime: runtime, device: device, app: app)
    }

    /// The compiler's Swift version, e.g. `6.3`.
    static var swiftVersion: String {
        #if compiler(>=6.5)
        "6.5"
        #elseif compiler(>=6.4)
        "6.4"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }

    static func cpuModel() -> String? {
        guard let text = FileContents.text("/proc/cpuinfo", limit: 64 * 1024) else { return nil }
        // Byte by byte up to the first processor's line: splitting the whole file into
        // `Character`s cost more than a million instructions of the caller's `start`.
        var rest = text.utf8[...]
        while !rest.isEmpty {
            let end = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
            let line = rest[..<end]
            if line.starts(with: "model name".utf8), let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let value = line[line.index(after: colon)...].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                return String(decoding: value, as: UTF8.self)
            }
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
        }
        return nil
    }

    static func processName() -> String? {
        FileContents.text("/proc/self/comm", limit: 256).map { String($0.prefix { $0 != "\n" }) }
            ?? CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? Substring($0)) }
    }
}

/// `/etc/os-release` as key/value pairs (quotes removed).
enum OSRelease {
    static func read(path: String = "/etc/os-release") -> [String: String] {
        guard let text = FileContents.text(path, limit: 16 * 1024) ?? FileContents.text("/usr/lib/os-release", limit: 16 * 1024) else {
            return [:]
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].hasPrefix("#") else { continue }
            var value = Substring(parts[1])
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = value.dropFirst().dropLast()
            }
            values[String(parts[0])] = String(value)
        }
        return values
    }
}
