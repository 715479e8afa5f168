extension SentrySDK {
    /// Starts the continuous profiler (with ``Options/profileLifecycle`` `.manual` and a process
    /// sampled in by ``Options/profileSessionSampleRate``). It samples every thread at 101 Hz
    /// and sends a chunk at least every 60 s until ``stopProfiler()``.
    public static func startProfiler() {
        ProfilingRegistry.current?.startProfiler()
    }

    /// Stops the continuous profiler started by ``startProfiler()`` and sends its last chunk.
    public static func stopProfiler() {
        ProfilingRegistry.current?.stopProfiler()
    }
}
