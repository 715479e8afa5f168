internal import CCurl

/// One reusable libcurl easy handle posting synchronously: connections stay alive between requests.
///
/// Not thread-safe: each posting thread owns its own session.
final class CurlSession {
    typealias Settings = CurlSettings

    private let abortSignal = AbortSignal()
    private let transfer: CurlTransfer

    init(settings: Settings) {
        transfer = CurlTransfer(settings: settings, abort: abortSignal)
    }

    /// Aborts the transfer in progress within about a second (curl's progress callback checks
    /// the flag), and makes later posts fail at once. Safe from any thread.
    func abort() { abortSignal.set() }

    /// POSTs `body` to `url` and waits for the answer (on the calling thread).
    func post(url: String, headers: [String], body: [UInt8]) -> HTTPOutcome {
        guard !abortSignal.isSet else {
            return HTTPOutcome(status: 0, body: [], networkError: "aborted at shutdown", aborted: true)
        }
        CurlTransfer.blockBrokenPipeSignal()
        guard let handle = transfer.prepare(url: url, headers: headers, body: body) else {
            return transfer.outcome(CURLE_FAILED_INIT)
        }
        return transfer.outcome(curl_easy_perform(handle))
    }
}
