import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The smallest HTTP/1.1 server that satisfies the transport: on 127.0.0.1, keep-alive, reads each
/// request's head and its `Content-Length` body, answers `200 {}`, and only counts. It parses
/// nothing else (no gunzip, no envelope parsing, nothing stored), so a delivery run against it shows
/// what the SDK side alone can push. One thread per connection. Reference only: the figures that
/// count are those against the real local inbox.
public final class MinimalSink: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    private let listener: Int32
    private let requests = Atomic<Int>(0)
    private let connections = Atomic<Int>(0)
    private let running = Atomic<Bool>(true)

    public init() {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let listener = listener
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        listen(listener, 16)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: bound.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// A DSN pointing at the sink (any key is accepted).
    public var dsn: String { "http://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@127.0.0.1:\(port)/1" }

    /// Requests answered so far.
    public var requestCount: Int { requests.load(ordering: .acquiring) }

    /// Connections accepted so far.
    public var connectionCount: Int { connections.load(ordering: .acquiring) }

    /// Waits until `count` requests were answered or `timeout` seconds passed.
    public func waitForRequests(_ count: Int, timeout: Double) -> Int {
        let deadline = Measure.nanoseconds() + UInt64(timeout * 1e9)
        while requestCount < count && Measure.nanoseconds() < deadline { Measure.sleep(milliseconds: 1) }
        return requestCount
    }

    /// Stops accepting; open connections end when their client closes them.
    public func stop() {
        running.store(false, ordering: .releasing)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while running.load(ordering: .acquiring) {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                return
            }
            connections.add(1, ordering: .relaxed)
            var noDelay: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        let answer = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".utf8)
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        var filled = 0
        while true {
            // Read until the head is complete.
            var headEnd: Int?
            while headEnd == nil {
                if let end = Self.find(buffer, filled) {
                    headEnd = end
                    break
                }
                guard filled < buffer.count else { return }
                let received = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress! + filled, $0.count - filled, 0) }
                if received < 0 && errno == EINTR { continue }
                guard received > 0 else { return }
                filled += received
            }
            let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self).lowercased()
            var bodyLength = 0
            if let range = head.range(of: "content-length:") {
                let digits = head[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }
                bodyLength = Int(digits) ?? 0
            }
            let total = headEnd! + 4 + bodyLength
            guard total <= buffer.count else { return }
            while filled < total {
                let received = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress! + filled, $0.count - filled, 0) }
                if received < 0 && errno == EINTR { continue }
                guard received > 0 else { return }
                filled += received
            }
            // Drop the request, keep what followed it.
            if filled > total {
                buffer.withUnsafeMutableBytes { raw in
                    let base = raw.baseAddress!
                    memmove(base, base + total, filled - total)
                }
            }
            filled -= total
            var offset = 0
            while offset < answer.count {
                let sent = answer.withUnsafeBytes { send(connection, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
                if sent < 0 && errno == EINTR { continue }
                guard sent > 0 else { return }
                offset += sent
            }
            requests.add(1, ordering: .releasing)
        }
    }

    /// The index of "\r\n\r\n" in the first `count` bytes, if there.
    private static func find(_ bytes: [UInt8], _ count: Int) -> Int? {
        guard count >= 4 else { return nil }
        for index in 0...(count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}
