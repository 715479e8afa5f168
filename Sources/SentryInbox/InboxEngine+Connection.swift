import SentryCore
import Glibc

extension InboxEngine {
    /// Serves one connection: reads requests one after another (keep-alive) until either side closes.
    func serve(connection: Int32, number: Int, generation: Int) {
        var closeGracefully = false
        defer {
            state.withLock { _ = $0.openConnections.remove(connection) }
            if closeGracefully { Self.lingeringClose(connection) } else { close(connection) }
        }
        Socket.setReceiveTimeout(connection, configuration.idleTimeout)
        var reader = ConnectionReader(
            socket: connection, maxHeaderSize: configuration.maxHeaderSize,
            idleTimeout: configuration.idleTimeout, requestTimeout: configuration.requestTimeout)

        while isCurrent(generation) {
            // 1. The head (the request's deadline starts with its first byte).
            reader.beginRequest()
            var request: HTTPRequest
            do throws(ConnectionReader.ReadError) {
                guard let head = try reader.readHead() else { return }
                request = head
            } catch {
                guard case .rejected(let failure) = error else { return }
                log("refused \(failure.status) on connection \(number): \(failure.reason)")
                _ = Socket.sendAll(connection, HTTPResponse.failure(failure).serialized(keepAlive: false))
                closeGracefully = true
                return
            }

            // 2. Faults that act before the body.
            let fault = state.withLock { $0.takeFault() }
            if fault == .reset {
                record(request, connection: number, status: nil, fault: fault)
                log("fault: reset connection \(number) during \(request.method) \(request.target)")
                Socket.setAbortiveClose(connection)
                return
            }

            // 3. The body.
            do throws(ConnectionReader.ReadError) {
                request.body = try readBody(of: request, from: &reader, connection: connection)
            } catch {
                guard case .rejected(let failure) = error else {
                    record(request, connection: number, status: nil, fault: fault)
                    return
                }
                record(request, connection: number, status: failure.status, fault: fault)
                log("refused \(failure.status) \(request.method) \(request.target): \(failure.reason)")
                _ = Socket.sendAll(connection, HTTPResponse.failure(failure).serialized(keepAlive: false))
                closeGracefully = true
                return
            }

            // 4. The answer.
            if case .delay(let duration) = fault {
                sleep(duration, generation: generation)
                guard isCurrent(generation) else {
                    record(request, connection: number, status: nil, fault: fault)
                    return
                }
            }
            var response: HTTPResponse
            if case .respond(let status, let retryAfter, let rateLimits) = fault {
                if (200..<300).contains(status) {
                    response = handle(request, connection: number)
                    if (200..<300).contains(response.status) { response.status = status }
                } else {
                    response = .json(status, "{\"detail\":\"inbox fault: status \(status)\"}")
                    log("fault: answered \(status) to \(request.method) \(request.target)")
                }
                if let retryAfter { response.headers.append(("Retry-After", retryAfter)) }
                if let rateLimits { response.headers.append(("X-Sentry-Rate-Limits", rateLimits)) }
            } else {
                response = handle(request, connection: number)
            }

            let keepAlive = request.wantsKeepAlive && !response.closesConnection && isCurrent(generation)
            record(request, connection: number, status: response.status, fault: fault)
            guard Socket.sendAll(connection, response.serialized(keepAlive: keepAlive)) else { return }
            if !keepAlive {
                closeGracefully = true
                return
            }
        }
    }

    /// Reads the body announced by `request`'s framing headers, answering `Expect: 100-continue` first.
    private func readBody(
        of request: HTTPRequest, from reader: inout ConnectionReader, connection: Int32
    ) throws(ConnectionReader.ReadError) -> [UInt8] {
        let limit = configuration.maxBodySize
        let expectsContinue = request.headers["Expect"]?.lowercased() == "100-continue"
        let transferCodings = request.headers.values(for: "Transfer-Encoding")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingASCIIWhitespace().lowercased() }
        let lengths = request.headers.values(for: "Content-Length")

        if !transferCodings.isEmpty {
            guard transferCodings == ["chunked"] else {
                throw .rejected(HTTPFailure(status: 501, reason: "unsupported Transfer-Encoding", closesConnection: true))
            }
            guard lengths.isEmpty else {
                throw .rejected(.badRequest("both Transfer-Encoding and Content-Length", closing: true))
            }
            if expectsContinue { sendContinue(connection) }
            return try reader.readChunkedBody(limit: limit)
        }
        guard let first = lengths.first else { return [] }
        guard lengths.allSatisfy({ $0 == first }), first.count <= 18, first.allSatisfy({ $0.isASCII && $0.isNumber }),
              let length = Int(first), length >= 0 else {
            throw .rejected(.badRequest("invalid Content-Length", closing: true))
        }
        if length > limit {
            throw .rejected(HTTPFailure(status: 413, reason: "body of \(length) bytes exceeds \(limit)",
                                        closesConnection: true))
        }
        if expectsContinue && length > 0 { sendContinue(connection) }
        return try reader.readBody(count: length)
    }

    private func sendContinue(_ connection: Int32) {
        _ = Socket.sendAll(connection, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }

    /// Appends `request` to the request log.
    private func record(_ request: HTTPRequest, connection: Int, status: Int?, fault: InboxFault?) {
        let entry = InboxRequestRecord(method: request.method, target: request.target, headers: request.headers,
                                       connection: connection, status: status, fault: fault)
        state.withLock { $0.retain(entry, maxCount: configuration.maxRetainedRequests) }
    }

    /// Closes after sending a final answer without making the kernel reset the connection over unread input,
    /// which could destroy the answer before the client reads it: half-close, drain briefly, then close.
    private static func lingeringClose(_ connection: Int32) {
        _ = shutdown(connection, Int32(SHUT_WR))
        Socket.setReceiveTimeout(connection, .milliseconds(100))
        let deadline = ContinuousClock.now + .seconds(1)
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        while ContinuousClock.now < deadline {
            let received = scratch.withUnsafeMutableBytes { recv(connection, $0.baseAddress!, $0.count, 0) }
            if received <= 0 && !(received < 0 && errno == EINTR) { break }
        }
        close(connection)
    }
}
