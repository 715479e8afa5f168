import SentryCore

extension InboxEngine {
    /// Answers one fully read request: routes it, checks credentials, decodes and stores the envelope.
    func handle(_ request: HTTPRequest, connection: Int) -> HTTPResponse {
        switch accept(request, connection: connection) {
        case .success(let received):
            let eventId = received.envelope.header.eventId?.description
            if configuration.log != nil {  // summaries re-parse every item: only when someone reads them
                var lines = received.envelope.items.map { ItemSummary.line(for: $0, eventId: eventId) }
                if lines.isEmpty { lines = ["(empty envelope) id=\(eventId ?? "-")"] }
                lines.forEach(log)
            }
            return .json(200, eventId.map { "{\"id\":\"\($0)\"}" } ?? "{}")
        case .failure(let failure):
            log("refused \(failure.status) \(request.method) \(request.target): \(failure.reason)")
            var response = HTTPResponse.failure(failure)
            if failure.status == 405 { response.headers.append(("Allow", "POST")) }
            return response
        }
    }

    /// Validates and records an envelope request.
    private func accept(_ request: HTTPRequest, connection: Int) -> Result<ReceivedEnvelope, HTTPFailure> {
        guard let projectId = Self.envelopeProjectId(inPath: request.path) else {
            return .failure(HTTPFailure(status: 404, reason: "no route for \(request.path)"))
        }
        guard request.method == "POST" else {
            return .failure(HTTPFailure(status: 405, reason: "envelopes must be sent with POST"))
        }
        if !configuration.acceptsAnyCredentials {
            guard let auth = SentryAuth(request: request), let key = auth.key, !key.isEmpty else {
                return .failure(HTTPFailure(status: 401, reason: "missing authorization information (X-Sentry-Auth)"))
            }
            guard key == configuration.publicKey else {
                return .failure(HTTPFailure(status: 403, reason: "unknown sentry_key \(key)"))
            }
            guard projectId == configuration.projectId else {
                return .failure(HTTPFailure(status: 403, reason: "unknown project \(projectId)"))
            }
        }

        let body: [UInt8]
        let wasCompressed: Bool
        switch decodeContent(of: request) {
        case .success(let decoded): (body, wasCompressed) = decoded
        case .failure(let failure): return .failure(failure)
        }
        guard !body.isEmpty else { return .failure(.badRequest("empty envelope body")) }

        let envelope: Envelope
        do {
            envelope = try Envelope.parse(body)
        } catch {
            return .failure(.badRequest("invalid envelope: \(error)"))
        }

        let sequence = state.withLock { state in
            state.storedFiles += 1
            return state.storedFiles
        }
        let storedPath = fileStore?.write(body, sequence: sequence, eventId: envelope.header.eventId?.description)
        if let fileStore, storedPath == nil {
            log("warning: could not write envelope \(sequence) into \(fileStore.directory)")
        }
        let received = ReceivedEnvelope(
            envelope: envelope, projectId: projectId, target: request.target, headers: request.headers,
            body: body, transferredSize: request.body.count, wasCompressed: wasCompressed,
            connection: connection, storedPath: storedPath)
        state.withLock {
            $0.retain(received, maxCount: configuration.maxRetainedEnvelopes, maxBytes: configuration.maxRetainedBytes)
        }
        return .success(received)
    }

    /// Undoes `Content-Encoding` (gzip, x-gzip, deflate, identity), bounded by the body limit.
    private func decodeContent(of request: HTTPRequest) -> Result<(body: [UInt8], wasCompressed: Bool), HTTPFailure> {
        let codings = request.headers.values(for: "Content-Encoding")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingASCIIWhitespace().lowercased() }
            .filter { !$0.isEmpty && $0 != "identity" }
        switch codings {
        case []:
            return .success((request.body, false))
        case ["gzip"], ["x-gzip"], ["deflate"]:
            do throws(Gunzip.Failure) {
                return .success((try Gunzip.inflate(request.body, limit: configuration.maxBodySize), true))
            } catch {
                switch error {
                case .truncated:
                    return .failure(.badRequest("truncated \(codings[0]) body"))
                case .corrupt(let message):
                    return .failure(.badRequest("invalid \(codings[0]) body: \(message)"))
                case .tooLarge(let limit):
                    return .failure(HTTPFailure(status: 413, reason: "decompressed body exceeds \(limit) bytes"))
                }
            }
        default:
            return .failure(HTTPFailure(status: 415, reason: "unsupported Content-Encoding \(codings.joined(separator: ", "))"))
        }
    }

    /// The project id in `/api/<project>/envelope/` (trailing slash optional), or `nil` for any other path.
    static func envelopeProjectId(inPath path: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        // "", "api", project, "envelope"[, ""]
        guard segments.count == 4 || (segments.count == 5 && segments[4].isEmpty),
              segments[0].isEmpty, segments[1] == "api", !segments[2].isEmpty, segments[3] == "envelope" else {
            return nil
        }
        return String(segments[2])
    }
}
