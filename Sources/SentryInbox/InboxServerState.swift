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

    /// Takes the active fault for one request, counting it down.
    mutating func takeFault() -> InboxFault? {
        guard let active = fault else { return nil }
        if let remaining = active.remaining {
            fault = remaining > 1 ? (active.fault, remaining - 1) : nil
        }
        return active.fault
    }
}
