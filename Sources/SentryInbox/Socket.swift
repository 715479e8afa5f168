import Glibc
import SentryCore

/// Thin helpers over the POSIX socket calls the inbox needs.
enum Socket {
    /// Creates a TCP socket bound to `host:port` (IPv4 literal) and listening. Returns the descriptor and the
    /// bound port (the ephemeral one when `port` is 0).
    static func listen(host: String, port: Int) throws(InboxError) -> (descriptor: Int32, port: Int) {
        guard (0...65_535).contains(port) else { throw .invalidConfiguration("port \(port) out of range") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
            throw .invalidConfiguration("host \(host) is not an IPv4 address")
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .socket(call: "socket", errno: errno) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw .socket(call: "bind to \(host):\(port)", errno: code)
        }
        guard Glibc.listen(descriptor, 128) == 0 else {
            let code = errno
            close(descriptor)
            throw .socket(call: "listen", errno: code)
        }
        var boundAddress = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &boundAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            close(descriptor)
            throw .socket(call: "getsockname", errno: code)
        }
        return (descriptor, Int(UInt16(bigEndian: boundAddress.sin_port)))
    }

    /// Waits for the next connection. Returns `nil` when the listener was shut down or failed for good.
    static func accept(_ listener: Int32) -> Int32? {
        while true {
            let connection = Glibc.accept(listener, nil, nil)
            if connection >= 0 {
                // accept4 is not visible from Swift's Glibc module; set close-on-exec right away instead.
                _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                return connection
            }
            switch errno {
            case EINTR, ECONNABORTED, EPROTO:
                continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                // Out of resources: back off instead of spinning. A shut-down listener fails with EINVAL.
                BackgroundThread.sleep(.milliseconds(50))
                continue
            default:
                return nil
            }
        }
    }

    /// Sets the receive (and unless told otherwise the send) timeout, so a silent client cannot hold a
    /// connection thread forever.
    static func setReceiveTimeout(_ descriptor: Int32, _ timeout: Duration, includingSend: Bool = true) {
        let nanoseconds = max(timeout.inboxNanoseconds, 1_000_000)
        var value = timeval(tv_sec: Int(nanoseconds / 1_000_000_000), tv_usec: Int(nanoseconds % 1_000_000_000 / 1000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        if includingSend {
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    /// Writes all of `bytes`. Returns `false` when the peer went away. Never raises `SIGPIPE`.
    static func sendAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Makes the next `close` of `descriptor` send a TCP reset instead of an orderly FIN.
    static func setAbortiveClose(_ descriptor: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    /// Wakes every thread blocked on `descriptor` (in `accept`, `recv` or `send`) without closing it.
    static func shutDown(_ descriptor: Int32) {
        _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
    }
}
