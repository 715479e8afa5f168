#if canImport(Glibc)
import Glibc
#endif
internal import CSentry

/// The process's threads, from `/proc/self/task`, and their names from
/// `/proc/self/task/<tid>/comm`, cached per thread and re-read about once a second (threads
/// often name themselves just after they start). Used by the sampler thread only.
final class ThreadDirectory {
    private var listing = [Int32](repeating: 0, count: 1024)
    private var names: [Int32: (name: String, tick: Int)] = [:]
    private var tick = 0

    /// The process's threads now, except `excluded`.
    func threads(excluding excluded: Int32) -> [Int32] {
        var total = Int(listing.withUnsafeMutableBufferPointer {
            sentry_profiler_list_threads($0.baseAddress, nil, Int32($0.count))
        })
        if total > listing.count {
            listing = [Int32](repeating: 0, count: total + 256)
            total = Int(listing.withUnsafeMutableBufferPointer {
                sentry_profiler_list_threads($0.baseAddress, nil, Int32($0.count))
            })
        }
        total = max(0, min(total, listing.count))
        let threads = listing[0..<total].filter { $0 != excluded }
        let present = Set(threads)
        for tid in names.keys where !present.contains(tid) { names[tid] = nil }
        return threads
    }

    /// Counts ticks, for the name cache's age.
    func advance() { tick += 1 }

    /// The thread's name (cached; re-read when older than ~1 s of wake-ups).
    func name(of tid: Int32) -> String {
        if let cached = names[tid], tick - cached.tick < 25 { return cached.name }
        var buffer = [CChar](repeating: 0, count: 64)
        let length = sentry_profiler_thread_name(tid, &buffer, Int32(buffer.count))
        let name = length > 0 ? String(decoding: buffer[0..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self) : (names[tid]?.name ?? "")
        names[tid] = (name, tick)
        return name
    }

    /// The calling thread's name (its `comm`, through one `prctl`), for span data.
    static func currentThreadName() -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
            let length = sentry_profiler_current_thread_name(buffer.baseAddress, 32)
            guard length > 0 else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(length)), as: UTF8.self)
        }
    }

    /// The calling thread's id.
    static func currentThreadId() -> Int32 { Int32(truncatingIfNeeded: sentry_current_thread_id()) }
}
