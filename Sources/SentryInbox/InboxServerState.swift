/// Everything about a running inbox that changes, guarded by the engine's lock.
struct InboxServerState: Sendable {
    /// The port to listen on: the configured one until the first bind, then the bound one (kept for restarts).
    var port: Int
    /// Whether the listener is up.
    var isRunning = false
    /// Bumped by every start and stop; threads of an older generation wind down.
    var generation = 0
    /// The listening socket while running.
    var listener: Int32?
    /// How many accept threads have not yet exited (normally 0 or 1).
    var acceptThreads = 0
    /// Sockets of connections still being served; `stop()` shuts them down to wake their threads.
    var openConnections: Set<Int32> = []
    /// Connections accepted since the server was created.
    var connectionCount = 0
    /// Envelopes accepted, in arrival order.
    var envelopes: [ReceivedEnvelope] = []
    /// Every request read, in arrival order.
    var requests: [InboxRequestRecord] = []
    /// The active fault and how many more requests it applies to (`nil`: until cleared).
    var fault: (fault: InboxFault, remaining: Int?)?
    /// Sequence number for stored envelope files.
    var storedFiles = 0
    /// The body bytes of `envelopes`.
    var retainedBytes = 0
    /// Envelopes and request records forgotten to stay within the retention limits.
    var droppedEnvelopes = 0
    var droppedRequests = 0
    /// Connections answered 503 because ``InboxConfiguration/maxConnections`` were being served.
    var refusedConnections = 0

    /// Keeps `envelope`, forgetting the oldest ones beyond `maxCount` envelopes or `maxBytes` body bytes.
    mutating func retain(_ envelope: ReceivedEnvelope, maxCount: Int, maxBytes: Int) {
        envelopes.append(envelope)
        retainedBytes += envelope.body.count
        var drop = max(0, envelopes.count - maxCount)
        var bytes = retainedBytes - envelopes[..<drop].reduce(0) { $0 + $1.body.count }
        while bytes > maxBytes && drop < envelopes.count - 1 {
            bytes -= envelopes[drop].body.count
            drop += 1
        }
        guard drop > 0 else { return }
        envelopes.removeFirst(drop)
        retainedBytes = bytes
        droppedEnvelopes += drop
    }

    /// Keeps `request`, forgetting the oldest records beyond `maxCount`.
    mutating func retain(_ request: InboxRequestRecord, maxCount: Int) {
        requests.append(request)
        let drop = requests.count - maxCount
        guard drop > 0 else { return }
        requests.removeFirst(drop)
        droppedRequests += drop
    }

    /// Takes the active fault for one request, counting it down.
    mutating func takeFault() -> InboxFault? {
        guard let active = fault else { return nil }
        if let remaining = active.remaining {
            fault = remaining > 1 ? (active.fault, remaining - 1) : nil
        }
        return active.fault
    }
}
