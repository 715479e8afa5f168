import SentryCore
import Glibc

/// The server's machinery: listener, accept thread, connection threads and the shared state.
///
/// ``InboxServer`` is a thin handle over this: the threads hold the engine, not the handle, so dropping the
/// last handle can stop the server.
final class InboxEngine: Sendable {
    /// The configuration the server was created with.
    let configuration: InboxConfiguration
    /// Where accepted envelopes are written, when configured.
    let fileStore: EnvelopeFileStore?
    /// All mutable state.
    let state: Locked<InboxServerState>

    init(configuration: InboxConfiguration) throws(InboxError) {
        guard configuration.maxBodySize > 0, configuration.maxHeaderSize >= 256 else {
            throw .invalidConfiguration("maxBodySize must be positive and maxHeaderSize at least 256")
        }
        guard configuration.maxConnections > 0, configuration.maxRetainedEnvelopes > 0,
              configuration.maxRetainedRequests > 0, configuration.maxRetainedBytes > 0,
              configuration.requestTimeout > .zero, configuration.idleTimeout > .zero else {
            throw .invalidConfiguration("connection, retention and timeout limits must be positive")
        }
        self.configuration = configuration
        self.fileStore = try configuration.storageDirectory.map { directory throws(InboxError) in
            try EnvelopeFileStore(directory: directory)
        }
        self.state = Locked(InboxServerState(port: configuration.port))
    }

    // MARK: Lifecycle

    /// Binds the listener (on the configured port first, on the same port afterwards) and starts accepting.
    func start() throws(InboxError) {
        // Hold the lock across bind so two concurrent `start()` calls cannot both bind.
        let started: Result<(listener: Int32, generation: Int)?, InboxError> = state.withLock { state in
            guard !state.isRunning else { return .success(nil) }
            do throws(InboxError) {
                let (listener, port) = try Socket.listen(host: configuration.host, port: state.port)
                state.port = port
                state.listener = listener
                state.isRunning = true
                state.generation += 1
                state.acceptThreads += 1
                return .success((listener, state.generation))
            } catch {
                return .failure(error)
            }
        }
        guard let (listener, generation) = try started.get() else { return }
        let launched = BackgroundThread.start { [self] in
            acceptLoop(listener: listener, generation: generation)
        }
        if !launched {
            state.withLock { state in
                state.acceptThreads -= 1
                state.isRunning = false
                state.listener = nil
                state.generation += 1
            }
            close(listener)
            throw .threadStartFailed
        }
    }

    /// Stops listening, wakes and ends every connection thread, and waits (at most `timeout`) for them.
    func stop(timeout: Duration = .seconds(5)) {
        state.withLock { state in
            guard state.isRunning else { return }
            state.isRunning = false
            state.generation += 1
            if let listener = state.listener { Socket.shutDown(listener) }
            state.listener = nil
            for connection in state.openConnections { Socket.shutDown(connection) }
        }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let idle = state.withLock { $0.acceptThreads == 0 && $0.openConnections.isEmpty }
            if idle { return }
            BackgroundThread.sleep(.milliseconds(1))
        }
    }

    /// Whether threads started in `generation` should keep going.
    func isCurrent(_ generation: Int) -> Bool {
        state.withLock { $0.isRunning && $0.generation == generation }
    }

    /// Accepts connections until the listener is shut down, then closes it.
    private func acceptLoop(listener: Int32, generation: Int) {
        defer {
            close(listener)
            state.withLock { $0.acceptThreads -= 1 }
        }
        while let connection = Socket.accept(listener) {
            enum Admission { case serve(number: Int), refuse, stop }
            let admission: Admission = state.withLock { state in
                guard state.isRunning && state.generation == generation else { return .stop }
                guard state.openConnections.count < configuration.maxConnections else {
                    state.refusedConnections += 1
                    return .refuse
                }
                state.openConnections.insert(connection)
                state.connectionCount += 1
                return .serve(number: state.connectionCount)
            }
            let number: Int
            switch admission {
            case .stop:
                close(connection)
                return
            case .refuse:
                refuse(connection)
                continue
            case .serve(let admitted):
                number = admitted
            }
            let launched = BackgroundThread.start { [self] in
                serve(connection: connection, number: number, generation: generation)
            }
            if !launched {
                state.withLock { _ = $0.openConnections.remove(connection) }
                close(connection)
            }
        }
    }

    /// Answers 503 on a connection over ``InboxConfiguration/maxConnections`` and closes it, without ever
    /// blocking the accept thread (the answer fits an empty send buffer; the send timeout bounds it anyway).
    private func refuse(_ connection: Int32) {
        log("refused a connection: \(configuration.maxConnections) connections are being served")
        Socket.setReceiveTimeout(connection, .milliseconds(100))
        var response = HTTPResponse.failure(HTTPFailure(
            status: 503, reason: "more than \(configuration.maxConnections) concurrent connections", closesConnection: true))
        response.headers.append(("Retry-After", "1"))
        _ = Socket.sendAll(connection, response.serialized(keepAlive: false))
        _ = shutdown(connection, Int32(SHUT_WR))
        close(connection)
    }

    /// Sleeps for `duration`, waking early when the server stops.
    func sleep(_ duration: Duration, generation: Int) {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline && isCurrent(generation) {
            BackgroundThread.sleep(min(.milliseconds(10), deadline - ContinuousClock.now))
        }
    }

    /// Calls the configured log closure, if any.
    func log(_ line: String) {
        configuration.log?(line)
    }
}
