#if canImport(Glibc)
import Glibc
#endif
internal import CSentry

/// The process's threads, from `/proc/self/task`, and which of them to sample: those that ran
/// since the last tick (their `schedstat` run time grew) and are running or runnable now. A
/// thread that ran the whole interval is taken as still running; one that ran part of it has
/// its state read (`stat`). Idle threads are never signalled, so they are never woken and their
/// blocking calls never see `EINTR`. The listing is re-read every ``relistTicks`` ticks (new
/// threads show up within ~100 ms); names come from `/proc/self/task/<tid>/comm`, cached per
/// thread and re-read about once a second (threads often name themselves just after they
/// start). Used by the sampler thread only.
final class ThreadDirectory {
    static let relistTicks = 10

    private struct Known {
        /// An open `/proc/self/task/<tid>/schedstat`, re-read with `pread`.
        var schedstat: Int32
        var runtime: Int64
        var checked: UInt64
    }

    private var listing = [Int32](repeating: 0, count: 1024)
    private var known: [Int32: Known] = [:]
    private var order: [Int32] = []
    private var names: [Int32: (name: String, tick: Int)] = [:]
    private var tick = 0

    deinit {
        for thread in known.values { close(thread.schedstat) }
    }

    /// Threads to sample now, except `excluded`, at most `limit`.
    func runnableThreads(excluding excluded: Int32, limit: Int, now: UInt64) -> [Int32] {
        if tick % Self.relistTicks == 0 { relist(excluding: excluded) }
        tick += 1
        var runnable: [Int32] = []
        var gone: [Int32] = []
        for tid in order {
            guard runnable.count < limit, var thread = known[tid] else { continue }
            let runtime = sentry_profiler_schedstat_runtime(thread.schedstat)
            guard runtime >= 0 else {
                gone.append(tid)
                continue
            }
            let ran = runtime - thread.runtime
            let interval = Int64(now &- thread.checked)
            thread.runtime = runtime
            thread.checked = now
            known[tid] = thread
            guard ran > 0 else { continue }
            if ran >= interval * 9 / 10 || sentry_profiler_thread_state(tid) == CChar(UInt8(ascii: "R")) {
                runnable.append(tid)
            }
        }
        for tid in gone { forget(tid) }
        return runnable
    }

    private func relist(excluding excluded: Int32) {
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
        let present = Set(listing[0..<total])
        for tid in order where !present.contains(tid) { forget(tid) }
        for tid in listing[0..<total] where tid != excluded && known[tid] == nil {
            let fd = open("/proc/self/task/\(tid)/schedstat", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            // Unknown history: sample it at the next tick if it is running.
            known[tid] = Known(schedstat: fd, runtime: max(0, sentry_profiler_schedstat_runtime(fd) - 1), checked: 0)
            order.append(tid)
        }
    }

    private func forget(_ tid: Int32) {
        if let thread = known.removeValue(forKey: tid) { close(thread.schedstat) }
        order.removeAll { $0 == tid }
        names[tid] = nil
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
