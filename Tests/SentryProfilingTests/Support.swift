import Glibc
import SentryCore
import SentrySymbolication

@testable import SentryProfiling

/// The synthetic workload's hot function: integer mixing, no calls, no allocation. It checks
/// the clock every 16 384 rounds only, so nearly every sample interrupts it in its own body.
@inline(never)
func profilingTestHotSpin(seconds: Double) -> UInt64 {
    let deadline = MonotonicClock.now() + seconds
    var state: UInt64 = 0x1234_5678
    var accumulator: UInt64 = 0
    while true {
        var round = 0
        while round < 16_384 {  // not a `for` over a range: in a debug build that calls the stdlib
            state ^= state &<< 13
            state ^= state &>> 7
            state ^= state &<< 17
            accumulator = accumulator &+ (state &* 0x9E37_79B9_7F4A_7C15) &>> 3
            round &+= 1
        }
        if MonotonicClock.now() >= deadline { return accumulator }
    }
}

/// A joinable OS thread (not the cooperative pool) that names itself and reports its id.
final class TestThread: @unchecked Sendable {  // `tid` and `done` only through `state` (a Locked)
    private let state = Locked((tid: Int32(0), done: false))
    private var thread = pthread_t()

    init(name: String, _ body: @escaping @Sendable () -> Void) {
        final class Box {
            let run: () -> Void
            init(_ run: @escaping () -> Void) { self.run = run }
        }
        let state = state
        let box = Unmanaged.passRetained(Box {
            nameCurrentThread(name)
            state.withLock { $0.tid = ThreadDirectory.currentThreadId() }
            body()
            state.withLock { $0.done = true }
        }).toOpaque()
        pthread_create(&thread, nil, { raw in
            Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, box)
    }

    /// The thread's kernel id, once it has started (waits up to 5 s).
    var tid: Int32 {
        let deadline = MonotonicClock.now() + 5
        while MonotonicClock.now() < deadline {
            let tid = state.withLock { $0.tid }
            if tid != 0 { return tid }
            usleep(1000)
        }
        return 0
    }

    /// Waits for the thread to end, up to `timeout` seconds; `false` when it did not.
    func join(timeout: Double) -> Bool {
        let deadline = MonotonicClock.now() + timeout
        while !state.withLock({ $0.done }) {
            if MonotonicClock.now() > deadline { return false }
            usleep(2000)
        }
        pthread_join(thread, nil)
        return true
    }
}

/// Names the calling thread through its `comm` file.
func nameCurrentThread(_ name: String) {
    let fd = open("/proc/thread-self/comm", O_WRONLY)
    guard fd >= 0 else { return }
    var text = name
    text.withUTF8 { _ = write(fd, $0.baseAddress, min($0.count, 15)) }
    close(fd)
}

/// The process's open file descriptors, as their link targets.
func openFileTargets() -> [String] {
    guard let directory = opendir("/proc/self/fd") else { return [] }
    defer { closedir(directory) }
    var targets: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard name.first?.isNumber == true else { continue }
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/fd/\(name)", &buffer, buffer.count - 1)
        if length > 0 { targets.append(String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)) }
    }
    return targets
}

/// The names of the process's threads.
func threadNames() -> [String] {
    guard let directory = opendir("/proc/self/task") else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard let tid = Int32(name) else { continue }
        var buffer = [CChar](repeating: 0, count: 64)
        let fd = open("/proc/self/task/\(tid)/comm", O_RDONLY)
        guard fd >= 0 else { continue }
        let count = read(fd, &buffer, 63)
        close(fd)
        if count > 0 {
            names.append(String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                .trimmingCharacters(in: "\n"))
        }
    }
    return names
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = self
        while text.last == set { text.removeLast() }
        return text
    }
}

/// Waits until `condition` holds, up to `timeout` seconds.
func eventually(timeout: Double = 20, _ condition: () -> Bool) -> Bool {
    let deadline = MonotonicClock.now() + timeout
    while !condition() {
        if MonotonicClock.now() > deadline { return false }
        usleep(5000)
    }
    return true
}

/// Frames from the SDK's symbolicator, as the umbrella wires them.
struct TestSymbolizer: FrameSymbolizer {
    let symbolicator = Symbolicator()
    let rules = FrameSymbolication()

    func frame(for address: UInt64, isReturnAddress: Bool) -> Frame? {
        guard let resolved = symbolicator.resolve(address, isReturnAddress: isReturnAddress) else { return nil }
        var frame = Frame(instructionAddress: address)
        rules.fill(&frame, from: resolved)
        return frame
    }
}

/// Records discards.
final class RecordingDiscards: DiscardRecorder, @unchecked Sendable {  // `entries` only through a Locked
    let entries = Locked<[(DiscardReason, DataCategory, Int)]>([])
    func recordDiscard(_ reason: DiscardReason, category: DataCategory, quantity: Int) {
        entries.withLock { $0.append((reason, category, quantity)) }
    }
}

/// Collects what a profiler sends.
final class SentEnvelopes: Sendable {
    let envelopes = Locked<[Envelope]>([])
    var send: @Sendable (Envelope) -> Void { { [self] envelope in envelopes.withLock { $0.append(envelope) } } }
    var chunks: [JSONValue] {
        envelopes.withLock { $0 }.flatMap(\.items).filter { $0.header.type == .profileChunk }
            .compactMap { try? JSONValue.parse($0.payload) }
    }
}

/// Options for a profiler under test.
func profilingOptions(_ configure: (inout Options) -> Void) -> Options {
    var options = Options()
    options.release = "profiling-tests@1.0"
    options.environment = "test"
    configure(&options)
    return options
}

/// Whether this process runs under ThreadSanitizer. TSan defers an asynchronous signal's handler
/// to the thread's next intercepted call, so the interrupted instruction is no longer on the
/// stack the handler unwinds and the sampler keeps only that instruction: stack shapes cannot
/// be checked there (everything else can).
let underThreadSanitizer = dlsym(nil, "__tsan_init") != nil

/// How many POSIX timers the process has (`/proc/self/timers`; the profiler makes one per
/// sampled thread).
func posixTimerCount() -> Int {
    let fd = open("/proc/self/timers", O_RDONLY)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("ID:") }.count
}
