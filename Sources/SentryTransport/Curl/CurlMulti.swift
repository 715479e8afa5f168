internal import CCurl

/// Several POSTs in flight on one thread: libcurl's multi interface over a small pool of easy
/// handles. Each handle keeps its connection alive, so `capacity` transfers reuse up to
/// `capacity` connections. Each transfer carries a `Payload` (what it posts, for its starter)
/// back with its outcome.
///
/// Owned by one worker thread; only ``wakeup()`` and ``abort()`` may be called from others.
final class CurlMulti<Payload> {
    /// How many transfers may run at once.
    let capacity: Int
    private let multi: UnsafeMutableRawPointer?
    private let abortSignal = AbortSignal()
    private var idle: [CurlTransfer]
    /// The running transfers by easy handle, with their payloads.
    private var running: [UnsafeMutableRawPointer: (transfer: CurlTransfer, payload: Payload)] = [:]

    init(settings: CurlSettings, capacity: Int) {
        self.capacity = max(1, capacity)
        let abortSignal = abortSignal
        idle = (0..<self.capacity).map { _ in CurlTransfer(settings: settings, abort: abortSignal) }
        multi = curl_multi_init()
    }

    deinit {
        for (handle, _) in running { curl_multi_remove_handle(multi, handle) }
        if let multi { curl_multi_cleanup(multi) }
    }

    /// How many transfers run.
    var inFlight: Int { running.count }

    /// Whether another transfer may start.
    var hasRoom: Bool { running.count < capacity }

    /// Whether a running transfer's payload satisfies `predicate`.
    func contains(where predicate: (Payload) -> Bool) -> Bool { running.values.contains { predicate($0.payload) } }

    /// Starts POSTing `body` to `url`; its outcome comes back from ``perform()`` with `payload`.
    /// Returns the outcome at once when it cannot start (aborted, no handle, no room).
    func start(_ payload: Payload, url: String, headers: [String], body: [UInt8]) -> HTTPOutcome? {
        guard !abortSignal.isSet else {
            return HTTPOutcome(status: 0, body: [], networkError: "aborted at shutdown", aborted: true)
        }
        guard let multi else {
            return HTTPOutcome(status: 0, body: [], networkError: "libcurl could not create a multi handle")
        }
        guard let transfer = idle.popLast() else {
            return HTTPOutcome(status: 0, body: [], networkError: "no room for another transfer")
        }
        CurlTransfer.blockBrokenPipeSignal()
        guard let handle = transfer.prepare(url: url, headers: headers, body: body),
            curl_multi_add_handle(multi, handle) == CURLM_OK
        else {
            idle.append(transfer)
            return transfer.outcome(CURLE_FAILED_INIT)
        }
        running[handle] = (transfer, payload)
        return nil
    }

    /// Waits up to `milliseconds` for any transfer to make progress, or for ``wakeup()``.
    func wait(milliseconds: Int) {
        guard let multi else { return }
        curl_multi_poll(multi, nil, 0, Int32(clamping: milliseconds), nil)
    }

    /// Lets libcurl move every transfer on; returns those that ended, with their outcomes.
    func perform() -> [(payload: Payload, outcome: HTTPOutcome)] {
        guard let multi, !running.isEmpty else { return [] }
        var active: Int32 = 0
        curl_multi_perform(multi, &active)
        var ended: [(payload: Payload, outcome: HTTPOutcome)] = []
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                let (transfer, payload) = running.removeValue(forKey: handle)
            else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            ended.append((payload, transfer.outcome(code)))
            idle.append(transfer)
        }
        return ended
    }

    /// Ends ``wait(milliseconds:)`` early. Safe from any thread.
    func wakeup() {
        if let multi { curl_multi_wakeup(multi) }
    }

    /// Aborts the running transfers within about a second (their progress callbacks check the
    /// flag) and makes later ones fail at once. Safe from any thread.
    func abort() {
        abortSignal.set()
        wakeup()
    }
}
