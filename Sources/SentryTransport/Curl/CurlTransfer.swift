internal import CCurl
import SentryCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What an HTTP exchange ended with.
struct HTTPOutcome: Sendable {
    /// The status code; 0 when no response arrived.
    var status: Int
    /// `Retry-After`, raw.
    var retryAfter: String?
    /// `X-Sentry-Rate-Limits`, raw.
    var rateLimits: String?
    /// The start of the response body (for diagnostics).
    var body: [UInt8]
    /// curl's error text when the request failed below HTTP.
    var networkError: String?
    /// Whether the transfer was cut short by an abort (the envelope was not delivered).
    var aborted = false
}

/// How a curl handle connects: timeouts, TLS, proxy, user agent.
struct CurlSettings {
    var connectTimeout: Duration = .seconds(10)
    var totalTimeout: Duration = .seconds(30)
    var caCertsPath: String?
    var proxy: String?
    var noProxy: String?
    var userAgent: String
}

/// Set from any thread to cut running transfers short and make later ones fail at once (shutdown).
final class AbortSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    /// Whether an abort was requested.
    var isSet: Bool { flag.load(ordering: .relaxed) }
    /// Requests the abort.
    func set() { flag.store(true, ordering: .relaxed) }
}

/// One libcurl easy handle set up for a POST, and what the answer brought back (status,
/// rate-limit headers, the first 4 KB of the body). The handle is reused from post to post, so
/// its connection stays alive.
///
/// Not thread-safe: owned by one worker thread.
final class CurlTransfer {
    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// The easy handle (`nil` when libcurl could not create one).
    let handle: UnsafeMutableRawPointer?
    private let settings: CurlSettings
    private let abort: AbortSignal
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private var responseHeaders: [(name: String, value: String)] = []
    private var responseBody: [UInt8] = []

    init(settings: CurlSettings, abort: AbortSignal) {
        _ = Self.globalInit
        self.settings = settings
        self.abort = abort
        handle = curl_easy_init()
    }

    deinit {
        if let handle { curl_easy_cleanup(handle) }
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Sets the handle up to POST a copy of `body` to `url` and returns it, ready to run; `nil`
    /// when libcurl could not create one (``outcome(_:)`` then says so).
    func prepare(url: String, headers: [String], body: [UInt8]) -> UnsafeMutableRawPointer? {
        guard let handle else { return nil }
        curl_easy_reset(handle)  // keeps live connections, clears options
        curl_slist_free_all(headerList)
        headerList = nil
        for header in headers + ["Expect:"] { headerList = curl_slist_append(headerList, header) }
        responseHeaders.removeAll(keepingCapacity: true)
        responseBody.removeAll(keepingCapacity: true)
        errorBuffer[0] = 0
        let context = Unmanaged.passUnretained(self).toOpaque()
        // The callbacks are C functions: they find the transfer through `context`.
        func transfer(_ context: UnsafeMutableRawPointer) -> CurlTransfer {
            Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        }
        sentry_curl_setopt_string(handle, CURLOPT_URL, url)
        sentry_curl_setopt_long(handle, CURLOPT_POST, 1)
        sentry_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
        // Copied by curl: the transfer may outlive the caller's array.
        body.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                sentry_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
            } else {
                sentry_curl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
            }
        }
        sentry_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
        sentry_curl_setopt_string(handle, CURLOPT_USERAGENT, settings.userAgent)
        sentry_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        sentry_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout.seconds * 1000))
        sentry_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(settings.totalTimeout.seconds * 1000))
        sentry_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        sentry_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        sentry_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        sentry_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        if let path = settings.caCertsPath { sentry_curl_setopt_string(handle, CURLOPT_CAINFO, path) }
        if let proxy = settings.proxy { sentry_curl_setopt_string(handle, CURLOPT_PROXY, proxy) }
        if let noProxy = settings.noProxy { sentry_curl_setopt_string(handle, CURLOPT_NOPROXY, noProxy) }
        sentry_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        sentry_curl_setopt_header_function(handle) { buffer, size, count, context in
            let length = size * count
            guard let buffer, let context else { return length }
            transfer(context).receiveHeader(UnsafeRawBufferPointer(start: buffer, count: length))
            return length
        }
        sentry_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
        sentry_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
        sentry_curl_setopt_xferinfo_function(handle) { context, _, _, _, _ in
            guard let context else { return 0 }
            return transfer(context).abort.isSet ? 1 : 0  // non-zero aborts
        }
        sentry_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        sentry_curl_setopt_write_function(handle) { buffer, size, count, context in
            let length = size * count
            guard let buffer, let context else { return length }
            transfer(context).receiveBody(UnsafeRawBufferPointer(start: buffer, count: length))
            return length
        }
        return handle
    }

    /// What the transfer that ended with `code` brought back.
    func outcome(_ code: CURLcode) -> HTTPOutcome {
        guard let handle else {
            return HTTPOutcome(status: 0, body: [], networkError: "libcurl could not create a handle")
        }
        var status = 0
        sentry_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let summary = String(cString: curl_easy_strerror(code))
            return HTTPOutcome(
                status: 0, body: [], networkError: detail.isEmpty ? summary : "\(summary): \(detail)",
                aborted: code == CURLE_ABORTED_BY_CALLBACK)
        }
        func header(_ name: String) -> String? { responseHeaders.last { $0.name == name }?.value }
        return HTTPOutcome(
            status: status, retryAfter: header("retry-after"), rateLimits: header("x-sentry-rate-limits"),
            body: responseBody, networkError: nil)
    }

    private func receiveHeader(_ raw: UnsafeRawBufferPointer) {
        let line = String(decoding: raw, as: UTF8.self)
        if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
            responseHeaders.append((name, value))
        } else if line.hasPrefix("HTTP/") {
            responseHeaders.removeAll()  // a new response (after 100 Continue or a redirect)
        }
    }

    private func receiveBody(_ raw: UnsafeRawBufferPointer) {
        let room = max(0, 4096 - responseBody.count)
        if room > 0 { responseBody.append(contentsOf: raw.prefix(room)) }
    }
}

extension CurlTransfer {
    /// Blocks `SIGPIPE` on the calling thread. `CURLOPT_NOSIGNAL` stops curl from ignoring it
    /// itself, so without this a peer that closes the connection mid-write would kill the host
    /// process; blocked, the write fails with `EPIPE` and curl reports a network error. Only the
    /// SDK's own posting threads are affected, never the application's.
    static func blockBrokenPipeSignal() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }
}
