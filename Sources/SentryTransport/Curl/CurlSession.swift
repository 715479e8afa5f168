internal import CCurl
import SentryCore

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

    /// Collects response headers and the first bytes of the body during `perform`.
    private final class Collector {
        var headers: [(String, String)] = []
        var body: [UInt8] = []
    }

    init(settings: Settings) {
        _ = Self.globalInit
        self.settings = settings
        handle = curl_easy_init()
    }

    deinit {
        if let handle { curl_easy_cleanup(handle) }
    }

    /// POSTs `body` to `url` and waits for the answer (on the calling worker thread).
    func post(url: String, headers: [String], body: [UInt8]) -> HTTPOutcome {
        guard let handle else {
            return HTTPOutcome(status: 0, body: [], networkError: "libcurl could not create a handle")
        }
        curl_easy_reset(handle)  // keeps live connections, clears options
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers + ["Expect:"] { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }

        let collector = Collector()
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
                status: 0, body: [], networkError: detail.isEmpty ? summary : "\(summary): \(detail)")
        }
        func header(_ name: String) -> String? { collector.headers.last { $0.0 == name }?.1 }
        return HTTPOutcome(
            status: status, retryAfter: header("retry-after"), rateLimits: header("x-sentry-rate-limits"),
            body: collector.body, networkError: nil)
    }
}
