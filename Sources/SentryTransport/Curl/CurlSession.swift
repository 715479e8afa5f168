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
    /// Whether the transfer was cut short by ``CurlSession/abort()`` (the envelope was not delivered).
    var aborted = false
}

/// One reusable libcurl easy handle: connections stay alive between requests.
///
/// Not thread-safe: each worker thread owns its own session.
final class CurlSession {
    struct Settings {
        var connectTimeout: Duration = .seconds(10)
        var totalTimeout: Duration = .seconds(30)
        var caCertsPath: String?
        var proxy: String?
        var noProxy: String?
        var userAgent: String
    }

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    private let handle: UnsafeMutableRawPointer?
    private let settings: Settings
    /// Set from any thread to cut the running (and every later) transfer short.
    private let abortRequested = Atomic<Bool>(false)

    /// Collects response headers and the first bytes of the body during `perform`, and tells
    /// curl's progress callback whether to abort.
    private final class Collector {
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        let session: CurlSession
        init(session: CurlSession) { self.session = session }
    }

    init(settings: Settings) {
        _ = Self.globalInit
        self.settings = settings
        handle = curl_easy_init()
    }

    deinit {
        if let handle { curl_easy_cleanup(handle) }
    }

    /// Aborts the transfer in progress within about a second (curl's progress callback checks
    /// the flag), and makes later posts fail at once: used at shutdown, so a hung server cannot
    /// hold queued envelopes past `close(timeout:)`. Safe from any thread.
    func abort() { abortRequested.store(true, ordering: .relaxed) }

    /// POSTs `body` to `url` and waits for the answer (on the calling worker thread).
    func post(url: String, headers: [String], body: [UInt8]) -> HTTPOutcome {
        guard let handle else {
            return HTTPOutcome(status: 0, body: [], networkError: "libcurl could not create a handle")
        }
        guard !abortRequested.load(ordering: .relaxed) else {
            return HTTPOutcome(status: 0, body: [], networkError: "aborted at shutdown", aborted: true)
        }
        Self.blockBrokenPipeSignal()
        curl_easy_reset(handle)  // keeps live connections, clears options
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers + ["Expect:"] { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }

        let collector = Collector(session: self)
        let context = Unmanaged.passUnretained(collector).toOpaque()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = body.withUnsafeBufferPointer { bodyBuffer in
            errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
                sentry_curl_setopt_string(handle, CURLOPT_URL, url)
                sentry_curl_setopt_long(handle, CURLOPT_POST, 1)
                sentry_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bodyBuffer.baseAddress))
                sentry_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, bodyBuffer.count)
                sentry_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
                sentry_curl_setopt_string(handle, CURLOPT_USERAGENT, settings.userAgent)
                sentry_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
                sentry_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout.seconds * 1000))
                sentry_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(settings.totalTimeout.seconds * 1000))
                sentry_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
                sentry_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
                sentry_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
                sentry_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
                if let path = settings.caCertsPath { sentry_curl_setopt_string(handle, CURLOPT_CAINFO, path) }
                if let proxy = settings.proxy { sentry_curl_setopt_string(handle, CURLOPT_PROXY, proxy) }
                if let noProxy = settings.noProxy { sentry_curl_setopt_string(handle, CURLOPT_NOPROXY, noProxy) }
                sentry_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
                sentry_curl_setopt_header_function(handle) { buffer, size, count, context in
                    let length = size * count
                    guard let buffer, let context else { return length }
                    let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                    let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
                    if let colon = line.firstIndex(of: ":") {
                        let name = line[..<colon].lowercased()
                        let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
                        collector.headers.append((name, value))
                    } else if line.hasPrefix("HTTP/") {
                        collector.headers.removeAll()  // a new response (after 100 Continue or a redirect)
                    }
                    return length
                }
                sentry_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
                sentry_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
                sentry_curl_setopt_xferinfo_function(handle) { context, _, _, _, _ in
                    guard let context else { return 0 }
                    let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                    return collector.session.abortRequested.load(ordering: .relaxed) ? 1 : 0  // non-zero aborts
                }
                sentry_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
                sentry_curl_setopt_write_function(handle) { buffer, size, count, context in
                    let length = size * count
                    guard let buffer, let context else { return length }
                    let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                    let room = max(0, 4096 - collector.body.count)
                    if room > 0 {
                        let raw = UnsafeRawBufferPointer(start: buffer, count: min(room, length))
                        collector.body.append(contentsOf: raw)
                    }
                    return length
                }
                return curl_easy_perform(handle)
            }
        }
        var status = 0
        sentry_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        // The error buffer and callbacks point at locals; clear them before they go away.
        sentry_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil)
        sentry_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, nil)
        guard code == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let summary = String(cString: curl_easy_strerror(code))
            return HTTPOutcome(
                status: 0, body: [], networkError: detail.isEmpty ? summary : "\(summary): \(detail)",
                aborted: code == CURLE_ABORTED_BY_CALLBACK)
        }
        func header(_ name: String) -> String? { collector.headers.last { $0.0 == name }?.1 }
        withExtendedLifetime(collector) {}
        return HTTPOutcome(
            status: status, retryAfter: header("retry-after"), rateLimits: header("x-sentry-rate-limits"),
            body: collector.body, networkError: nil)
    }
}

extension CurlSession {
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

