import Glibc

/// A deliberately simple HTTP/1.1 client on a blocking socket, so tests see exactly what goes over the wire.
final class RawHTTPClient {
    /// A parsed response.
    struct Response {
        var status: Int
        var headers: [String: String]  // lowercased names
        var body: [UInt8]
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// What reading a response ended with.
    enum Outcome {
        case response(Response)
        /// The server closed (FIN) or reset the connection before a complete response.
        case closed(bytesReceived: Int)
        /// Nothing arrived within the timeout.
        case timedOut
    }

    let socket: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; `nil` when the connection is refused.
    init?(port: Int, timeout: Duration = .seconds(10)) {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
        socket = descriptor
        setTimeout(timeout)
    }

    deinit { close(socket) }

    /// Sets the receive timeout.
    func setTimeout(_ timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends raw bytes; `false` when the connection is gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Sends a request with a `Content-Length` body.
    @discardableResult
    func send(
        method: String = "POST", path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) -> Bool {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return send(Array(head.utf8) + body)
    }

    /// Reads one response (framed by `Content-Length`).
    func readResponse() -> Outcome {
        var received = buffer.count
        while true {
            if let headEnd = find([13, 10, 13, 10]) {
                // Split bytes, not Characters: "\r\n" is a single Character in Swift.
                var lines = buffer[..<headEnd].split(separator: 10).map { line in
                    String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
                }
                let statusLine = lines.removeFirst().split(separator: " ")
                guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return .closed(bytesReceived: received) }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                        .trimmingCharacters(in: " ")
                }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                let bodyStart = headEnd + 4
                while buffer.count < bodyStart + length {
                    guard let count = receive(), count > 0 else { return .closed(bytesReceived: received) }
                    received += count
                }
                let body = Array(buffer[bodyStart..<bodyStart + length])
                buffer.removeFirst(bodyStart + length)
                if status == 100 { return readResponse() }
                return .response(Response(status: status, headers: headers, body: body))
            }
            guard let count = receive() else {
                return errno == EAGAIN || errno == EWOULDBLOCK ? .timedOut : .closed(bytesReceived: received)
            }
            if count == 0 { return .closed(bytesReceived: received) }
            received += count
        }
    }

    /// Sends a request and reads the response, or `nil` if none came.
    func exchange(
        method: String = "POST", path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) -> Response? {
        guard send(method: method, path: path, headers: headers, body: body) else { return nil }
        if case .response(let response) = readResponse() { return response }
        return nil
    }

    /// Whether the peer has closed the connection (reads EOF or a reset within the timeout).
    func isClosedByPeer() -> Bool {
        switch receive() {
        case 0?: true
        case nil: errno == ECONNRESET || errno == EPIPE
        default: false
        }
    }

    /// Receives into the buffer: the byte count, 0 at EOF, `nil` on timeout or error (see `errno`).
    private func receive() -> Int? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
        if count < 0 { return nil }
        buffer.append(contentsOf: chunk[..<count])
        return count
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for index in 0...(buffer.count - pattern.count) where buffer[index..<index + pattern.count].elementsEqual(pattern) {
            return index
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}
