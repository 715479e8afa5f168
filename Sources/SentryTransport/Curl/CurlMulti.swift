internal import CCurl

/// Several POSTs in flight on one thread: libcurl's multi interface over a small pool of easy
/// handles. Each handle keeps its connection alive, so `capacity` transfers reuse up to
/// `capacity` connections.
///
/// Owned by one worker thread; only ``wakeup()`` and ``abort()`` may be called from others.
final class CurlMulti {
    /// How many transfers may run at once.
    let capacity: Int
    private let multi: UnsafeMutableRawPointer?
    private let abortSignal = AbortSignal()
    private var idle: [CurlTransfer]
    /// The running transfers by easy handle, with the id their starter gave them.
    private var running: [UnsafeMutableRawPointer: (transfer: CurlTransfer, id: Int)] = [:]

    init(settings: CurlSettings, capacity: Int) {
        self.capacity = max(1, capacity)
        let abortSignal = abortSignal
        idle = (0..<max(1, capacity)).map { _ in CurlTransfer(settings: settings, abort: abortSignal) }
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

    /// Starts POSTing `body` to `url`; its outcome comes back from ``perform()`` under `id`.
    /// Returns the outcome at once when it cannot start (aborted, no handle, no room).
    func start(id: Int, url: String, headers: [String], body: [UInt8]) -> HTTPOutcome? {
        guard !abortSignal.isSet else {
            return HTTPOutcome(status: 0, body: [], networkError: "aborted at shutdown", aborted: true)
        }
        guard let multi, let transfer = idle.popLast() else {
            return HTTPOutcome(status: 0, body: [], networkError: "libcurl could not create a multi handle")
        }
        CurlTransfer.blockBrokenPipeSignal()
        guard transfer.prepare(url: url, headers: headers, body: body), let handle = transfer.handle,
            curl_multi_add_handle(multi, handle) == CURLM_OK
        else {
            idle.append(transfer)
            return transfer.outcome(CURLE_FAILED_INIT)
        }
        running[handle] = (transfer, id)
        return nil
    }

    /// Waits up to `milliseconds` for any transfer to make progress, or for ``wakeup()``.
    func wait(milliseconds: Int) {
        guard let multi else { return }
        curl_multi_poll(multi, nil, 0, Int32(clamping: milliseconds), nil)
    }

    /// Lets libcurl move every transfer on; returns those that ended, with their outcomes.
    func perform() -> [(id: Int, outcome: HTTPOutcome)] {
        guard let multi, !running.isEmpty else { return [] }
        var active: Int32 = 0
        curl_multi_perform(multi, &active)
        var ended: [(id: Int, outcome: HTTPOutcome)] = []
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                let (transfer, id) = running.removeValue(forKey: handle)
            else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            ended.append((id, transfer.outcome(code)))
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
