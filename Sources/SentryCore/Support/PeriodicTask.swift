/// Small work that one of the SDK's existing background threads runs at a fixed interval, so it
/// needs no thread of its own (the telemetry pipeline's thread hosts the backpressure monitor).
package protocol PeriodicTask: Sendable {
    /// Seconds between two runs; the first run comes one interval after the host starts.
    var interval: Double { get }
    /// Runs once, on the host's thread and outside its lock. Must return quickly.
    func run()
}
