/// An event waiting to become an item's payload: the first read serializes it (on the transport's
/// worker, not on the capturing thread) and lets the event go; later reads (a retry, the spool,
/// a comparison) reuse the bytes. Copies of the item share it, so an event is copied into an
/// envelope once (one allocation) whatever the envelope goes through.
final class LazyEventPayload: Sendable {
    private enum State {
        case pending(Event)
        case serialized([UInt8])
    }

    private let state: Locked<State>

    /// Holds `event` until its bytes are first read.
    init(_ event: Event) { state = Locked(.pending(event)) }

    /// The event as JSON, serialized on the first read.
    var bytes: [UInt8] {
        state.withLock { state in
            switch state {
            case .serialized(let bytes):
                return bytes
            case .pending(let event):
                let bytes = event.jsonBytes(capacity: 4096)  // most events: no regrowth
                state = .serialized(bytes)
                return bytes
            }
        }
    }
}
