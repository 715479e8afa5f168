#if canImport(Glibc)
import Glibc
#endif
internal import CSentry

/// The process's threads, from `/proc/self/task`: which are running now (only those are
/// signalled, so idle threads are never woken and their blocking calls never see `EINTR`), and
/// their names from `/proc/self/task/<tid>/comm`, cached per thread and re-read about once a
/// second (threads often name themselves just after they start). Used by the sampler thread only.
final class ThreadDirectory {
    private var listing = [Int32](repeating: 0, count: 1024)
    /// An open `/proc/self/task/<tid>/stat` per known thread, re-read with `pread`.
    private var statFiles: [Int32: Int32] = [:]
    private var names: [Int32: (name: String, tick: Int)] = [:]
    private var tick = 0

    deinit {
        for fd in statFiles.values { close(fd) }
    }

    /// Threads running or runnable now, except `excluded`, at most `limit`.
    func runnableThreads(excluding excluded: Int32, limit: Int) -> [Int32] {
        tick += 1
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
        var present = Set<Int32>(minimumCapacity: total)
        var runnable: [Int32] = []
        for tid in listing[0..<total] where tid != excluded {
            present.insert(tid)
            guard runnable.count < limit else { continue }
            let fd: Int32
            if let open = statFiles[tid] {
                fd = open
            } else {
                fd = open("/proc/self/task/\(tid)/stat", O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { continue }
                statFiles[tid] = fd
            }
            if sentry_profiler_stat_state(fd) == CChar(UInt8(ascii: "R")) { runnable.append(tid) }
        }
        for (tid, fd) in statFiles where !present.contains(tid) {
            close(fd)
            statFiles[tid] = nil
        }
        for tid in names.keys where !present.contains(tid) { names[tid] = nil }
        return runnable
    }

    /// The thread's name (cached; re-read when older than ~1 s of ticks).
    func name(of tid: Int32) -> String {
        if let cached = names[tid], tick - cached.tick < 101 { return cached.name }
        var buffer = [CChar](repeating: 0, count: 64)
        let length = sentry_profiler_thread_name(tid, &buffer, Int32(buffer.count))
        let name = length > 0 ? String(decoding: buffer[0..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self) : (names[tid]?.name ?? "")
        names[tid] = (name, tick)
        return name
    }

    /// The calling thread's name (`comm`), for span data.
    static func currentThreadName() -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = sentry_profiler_thread_name(Int32(sentry_current_thread_id()), &buffer, Int32(buffer.count))
        return length > 0 ? String(decoding: buffer[0..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    }

    /// The calling thread's id.
    static func currentThreadId() -> Int32 { Int32(truncatingIfNeeded: sentry_current_thread_id()) }
}
