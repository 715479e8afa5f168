internal import CSentry
package import SentryCore

/// Where errors were thrown. The Swift runtime calls a hook on every `throw`; while an SDK that
/// wants throw sites is running, the hook (C, `CSentry/throws.c`) records the thrower's return
/// addresses in a fixed table keyed by the error's box and by its type. `capture(error:)` looks
/// them up here, so an event shows where its error was thrown rather than where it was caught.
package enum ThrowSites {
    /// How long the latest typed throw of a type stands in for an error of that type (a typed
    /// error has no box until it is captured). An untyped error re-boxed after its throw (`catch
    /// let error as E`) is not found: its capture site stands in, marked as such.
    static let latestThrowMaxAge: UInt64 = 10_000_000_000  // 10 s

    /// Starts recording (counted: each ``enable()`` needs one ``disable()``). `false` when the
    /// runtime offers no throw hook.
    @discardableResult
    package static func enable() -> Bool { sentry_throw_hook_enable() == 0 }

    /// Undoes one ``enable()``.
    package static func disable() { sentry_throw_hook_disable() }

    /// The stack where `error` was thrown, oldest frame first, at most `limit` frames; `nil` when
    /// no throw of it was recorded.
    package static func stacktrace(for error: any Error, limit: Int) -> Stacktrace? {
        // An `any Error` is one pointer to the error's box, the value the throw hook saw (`as any
        // Error` keeps the existential closed, so the cast sees the box, not the value inside).
        let box = unsafeBitCast(error as any Error, to: UnsafeRawPointer.self)
        let type = UnsafeRawPointer(bitPattern: UInt(bitPattern: ObjectIdentifier(Swift.type(of: error))))
        let capacity = max(1, min(limit, 64))
        return withUnsafeTemporaryAllocation(of: UInt.self, capacity: capacity) { buffer in
            var count = Int(sentry_throw_stack(box, type, buffer.baseAddress, Int32(capacity)))
            if count == 0 {
                count = Int(sentry_latest_throw_stack(type, latestThrowMaxAge, buffer.baseAddress, Int32(capacity)))
            }
            guard count > 0 else { return nil }
            // Return addresses, newest first; Sentry wants caller → callee.
            return Stacktrace(frames: buffer.prefix(count).reversed().map { Frame(instructionAddress: UInt64($0)) })
        }
    }
}
