#if canImport(Glibc)
import Glibc
#endif

/// Small helpers shared by the suites: clocks, rates, loopback ports and the process's memory.
public enum Measure {
    /// Monotonic nanoseconds.
    public static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// `count` things in `nanoseconds`, per second (rounded down).
    public static func perSecond(_ count: Int, nanoseconds: UInt64) -> Int {
        guard nanoseconds > 0 else { return 0 }
        return Int(Double(count) * 1e9 / Double(nanoseconds))
    }

    /// `bytes` in `nanoseconds`, as MB/s (10^6 bytes per second).
    public static func megabytesPerSecond(_ bytes: Int, nanoseconds: UInt64) -> Int {
        guard nanoseconds > 0 else { return 0 }
        return Int(Double(bytes) * 1e3 / Double(nanoseconds))
    }

    /// Resident set size now and at its peak (`VmRSS`, `VmHWM` from /proc/self/status), in KiB.
    public static func residentKiB() -> (current: Int, peak: Int) {
        guard let file = fopen("/proc/self/status", "r") else { return (0, 0) }
        defer { fclose(file) }
        var current = 0
        var peak = 0
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let number = Int(text.filter(\.isNumber)) ?? 0
            if text.hasPrefix("VmRSS:") { current = number }
            if text.hasPrefix("VmHWM:") { peak = number }
        }
        return (current, peak)
    }
}

/// A loopback TCP port that is bound but never listening: connecting to it is refused at once, and no
/// other process can take it while this value lives. The "dead server" of the memory benchmark.
public final class DeadPort: @unchecked Sendable {
    /// The port number on 127.0.0.1.
    public let port: Int
    private let descriptor: Int32

    /// Binds a socket to a free port on 127.0.0.1 without listening on it.
    public init() {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: bound.sin_port))
    }

    deinit { close(descriptor) }

    /// A DSN pointing at the dead port.
    public var dsn: String { "http://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@127.0.0.1:\(port)/1" }
}

/// A fresh temporary directory (removed by ``remove()``).
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String) {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = made.map { String(cString: $0) } ?? "/tmp/\(prefix)"
    }

    /// How many regular files the directory holds (hidden temporary files excluded).
    public func fileCount() -> Int {
        guard let directory = opendir(path) else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { count += 1 }
        }
        return count
    }

    /// Deletes the directory and the files in it (one level: the spool has no subfolders).
    public func remove() {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != "." && name != ".." { unlink(path + "/" + name) }
            }
            closedir(directory)
        }
        rmdir(path)
    }
}

/// A mutable box for state built in a benchmark's setup and released in its teardown.
public final class Box<Value>: @unchecked Sendable {
    public var value: Value?
    public init() {}
}

extension Measure {
    /// Sleeps the calling thread.
    public static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
