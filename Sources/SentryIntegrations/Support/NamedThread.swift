internal import CSentry
import SentryCore

extension BackgroundThread {
    /// Runs `body` on a new detached thread named `name` (the first 15 bytes show in `top`/`gdb`).
    @discardableResult
    static func start(name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        start {
            sentry_set_thread_name(name)
            body()
        }
    }

    /// Sleeps the calling thread for `milliseconds`.
    static func sleep(milliseconds: Int) { sleep(.milliseconds(milliseconds)) }
}
