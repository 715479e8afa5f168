import Glibc

/// Reads HTTP/1.x requests from a blocking socket, keeping bytes that arrived early for the next request.
struct ConnectionReader: ~Copyable {
    /// Why reading stopped without a complete request.
    enum ReadError: Error {
        /// The peer closed the connection, the receive timeout fired, or the socket was shut down.
        case closed
        /// The request was malformed or over a limit; answer with this failure, then close.
        case rejected(HTTPFailure)
    }

    private let socket: Int32
    private let maxHeaderSize: Int
    private let idleTimeout: Duration
    private let requestTimeout: Duration
    /// When the current request must be complete: set by its first byte, cleared by ``beginRequest()``.
    private var deadline: ContinuousClock.Instant?
    /// The receive timeout last set on the socket.
    private var socketTimeout: Duration
    /// Received bytes live in `storage[start..<end]`; the rest of `storage` is free space for `recv`.
    private var storage = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0
    private var end = 0

    /// `socket` must already have `idleTimeout` as its receive timeout.
    init(socket: Int32, maxHeaderSize: Int, idleTimeout: Duration, requestTimeout: Duration) {
        self.socket = socket
        self.maxHeaderSize = maxHeaderSize
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.socketTimeout = idleTimeout
    }

    /// Starts the next request: a silent peer may wait up to the idle timeout; from the request's first
    /// byte (now, when pipelined bytes are already here) the whole request must arrive within the request
    /// timeout, however the peer spaces its bytes.
    mutating func beginRequest() {
        deadline = available > 0 ? ContinuousClock.now + requestTimeout : nil
    }

    private static let timedOut = ReadError.rejected(
        HTTPFailure(status: 408, reason: "request not complete within the request timeout", closesConnection: true))

    private var available: Int { end - start }

    /// Receives more bytes after `end`, first making room by compacting or growing the storage (it only
    /// grows while a head or line is longer than the storage, which the size limits bound).
    /// Throws `.closed` at end of stream, on timeout, or on error.
    private mutating func fill() throws(ReadError) {
        if start == end {
            start = 0
            end = 0
        }
        if end == storage.count {
            if start > 0 {
                let (from, count) = (start, available)
                storage.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + from, count)
                }
                start = 0
                end = count
            } else {
                storage += [UInt8](repeating: 0, count: storage.count)
            }
        }
        var received = 0
        let (offset, room) = (end, storage.count - end)
        repeat {
            // Wait no longer than the request has left (and never longer than the idle timeout).
            var wait = idleTimeout
            if let deadline {
                let left = deadline - ContinuousClock.now
                if left <= .zero { throw Self.timedOut }
                wait = min(wait, left)
            }
            if wait != socketTimeout {
                Socket.setReceiveTimeout(socket, wait, includingSend: false)
                socketTimeout = wait
            }
            received = storage.withUnsafeMutableBytes { raw in recv(socket, raw.baseAddress! + offset, room, 0) }
        } while received < 0 && errno == EINTR
        if received <= 0 {
            if let deadline, received < 0, ContinuousClock.now >= deadline { throw Self.timedOut }
            throw .closed
        }
        if deadline == nil { deadline = ContinuousClock.now + requestTimeout }
        end += received
    }

    /// Reads the head of the next request. Returns `nil` when the peer closed cleanly between requests.
    mutating func readHead() throws(ReadError) -> HTTPRequest? {
        // Bytes after `start` already searched for the blank line (relative: `fill` may move the buffer).
        var scanned = 0
        while true {
            // Tolerate blank lines before a request line (RFC 9112 §2.2).
            while available >= 2 && storage[start] == 13 && storage[start + 1] == 10 {
                start += 2
                scanned = 0
            }
            if let headEnd = Self.find(crlfcrlf: storage[..<end], from: start + scanned), headEnd - start <= maxHeaderSize {
                let head = Array(storage[start..<headEnd])
                start = headEnd + 4
                return try Self.parseHead(head)
            }
            scanned = max(0, available - 3)
            if available > maxHeaderSize {
                throw .rejected(HTTPFailure(status: 431, reason: "request header larger than \(maxHeaderSize) bytes",
                                            closesConnection: true))
            }
            do throws(ReadError) {
                try fill()
            } catch {
                if case .closed = error, available == 0 { return nil }
                throw error
            }
        }
    }

    /// Reads exactly `count` body bytes.
    mutating func readBody(count: Int) throws(ReadError) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(count)
        while body.count < count {
            if available == 0 { try fill() }
            let take = min(available, count - body.count)
            body.append(contentsOf: storage[start..<start + take])
            start += take
        }
        return body
    }

    /// Reads a `Transfer-Encoding: chunked` body, refusing more than `limit` bytes of data.
    mutating func readChunkedBody(limit: Int) throws(ReadError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map { $0.trimmingASCIIWhitespace() } ?? ""
            guard !sizeText.isEmpty, sizeText.count <= 15, sizeText.allSatisfy(\.isHexDigit),
                  let size = Int(sizeText, radix: 16) else {
                throw .rejected(.badRequest("malformed chunk size line", closing: true))
            }
            if size == 0 { break }
            if body.count + size > limit {
                throw .rejected(HTTPFailure(status: 413, reason: "body larger than \(limit) bytes",
                                            closesConnection: true))
            }
            body.append(contentsOf: try readBody(count: size))
            guard try readLine().isEmpty else {
                throw .rejected(.badRequest("chunk data not followed by CRLF", closing: true))
            }
        }
        // Trailer section: fields we ignore, up to the empty line.
        var trailerBytes = 0
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            trailerBytes += line.utf8.count
            if trailerBytes > maxHeaderSize {
                throw .rejected(HTTPFailure(status: 431, reason: "trailer section too large", closesConnection: true))
            }
        }
        return body
    }

    /// Reads one CRLF-terminated line (without the CRLF), bounded by the header size limit.
    private mutating func readLine() throws(ReadError) -> String {
        var scanned = 0  // relative to `start`: `fill` may move the buffer
        while true {
            if let newline = storage[(start + scanned)..<end].firstIndex(of: 10) {
                var lineEnd = newline
                if lineEnd > start && storage[lineEnd - 1] == 13 { lineEnd -= 1 }
                let line = String(decoding: storage[start..<lineEnd], as: UTF8.self)
                start = newline + 1
                return line
            }
            scanned = available
            if available > maxHeaderSize {
                throw .rejected(.badRequest("line longer than \(maxHeaderSize) bytes", closing: true))
            }
            try fill()
        }
    }

    /// The index of the first `\r\n\r\n` at or after `from`.
    private static func find(crlfcrlf bytes: ArraySlice<UInt8>, from: Int) -> Int? {
        var index = from
        while index + 3 < bytes.endIndex {
            if bytes[index + 3] != 10 { index += bytes[index + 3] == 13 ? 1 : 4; continue }
            if bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 { return index }
            index += 1
        }
        return nil
    }

    /// Parses a request line and header fields (the bytes before the blank line).
    private static func parseHead(_ head: [UInt8]) throws(ReadError) -> HTTPRequest {
        var lines = head.split(separator: 10, omittingEmptySubsequences: false).map { line -> ArraySlice<UInt8> in
            line.last == 13 ? line.dropLast() : line
        }
        let requestLine = String(decoding: lines.removeFirst(), as: UTF8.self)
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
            throw .rejected(.badRequest("malformed request line", closing: true))
        }
        let version = String(parts[2])
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw .rejected(HTTPFailure(status: 505, reason: "unsupported protocol version", closesConnection: true))
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw .rejected(.badRequest("malformed header line", closing: true))
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            guard !name.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw .rejected(.badRequest("whitespace in header name", closing: true))
            }
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIIWhitespace()
            headers.append(name: name, value: value)
        }
        return HTTPRequest(method: String(parts[0]), target: String(parts[1]), version: version, headers: headers)
    }
}
