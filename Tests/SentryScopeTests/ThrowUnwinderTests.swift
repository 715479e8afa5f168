import CSentry
import Foundation
import Synchronization
import Testing

#if arch(x86_64) && os(Linux)  // the CFI walk's platform; elsewhere the hook uses backtrace()

/// The throw hook's own stack walk (CSentry/unwind.c) must give the same return addresses as
/// glibc's `backtrace()` for the same call chain.
@Suite struct ThrowUnwinderTests {
    struct Stacks: Sendable {
        var fast: [UInt]
        var glibc: [UInt]
    }

    /// Both walks from one function: their first frames are two call sites in it, the rest equal.
    @inline(never) static func bothStacks() -> Stacks {
        // Called here directly (not from a closure), so both first frames are in this function.
        let fast = UnsafeMutablePointer<UInt>.allocate(capacity: 64)
        let glibc = UnsafeMutablePointer<UInt>.allocate(capacity: 64)
        defer { fast.deallocate(); glibc.deallocate() }
        let fastCount = Int(sentry_fast_backtrace_only(fast, 64))
        let glibcCount = Int(sentry_glibc_backtrace(glibc, 64))
        return Stacks(
            fast: Array(UnsafeBufferPointer(start: fast, count: fastCount)),
            glibc: Array(UnsafeBufferPointer(start: glibc, count: glibcCount)))
    }

    func expectSame(_ stacks: Stacks, atLeast minimum: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = stacks.fast, glibc = stacks.glibc
        #expect(fast.count >= minimum, "fast walk: \(fast.count) frames, backtrace: \(glibc.count)", sourceLocation: sourceLocation)
        guard let first = fast.first, let other = glibc.first else { return }
        // Two call sites in bothStacks(), a few instructions apart.
        #expect(first != other && (first > other ? first - other : other - first) < 512, sourceLocation: sourceLocation)
        let shared = min(fast.count, glibc.count)
        #expect(shared >= minimum, sourceLocation: sourceLocation)
        let hex = { (frames: ArraySlice<UInt>) in frames.map { String($0, radix: 16) }.joined(separator: " ") }
        #expect(fast[1..<shared] == glibc[1..<shared], "fast \(hex(fast[...])) / backtrace \(hex(glibc[...]))", sourceLocation: sourceLocation)
        // Where backtrace() goes on past the fast walk, it is at most by frames the walk gives up
        // on (none expected in these chains).
        #expect(fast.count == glibc.count, "fast \(hex(fast[...])) / backtrace \(hex(glibc[...]))", sourceLocation: sourceLocation)
    }

    @Test func optimizedRecursionGivesTheSameFramesAsBacktrace() {
        let stacks = optimizedRecursion(12)
        expectSame(stacks, atLeast: 14)
    }

    @Test func debugRecursionGivesTheSameFramesAsBacktrace() {
        expectSame(debugRecursion(12), atLeast: 14)
    }

    @Test func closuresGiveTheSameFramesAsBacktrace() {
        let stacks = optimizedCallingClosure { optimizedCallingClosure { optimizedRecursion(3) } }
        expectSame(stacks, atLeast: 10)
    }

    @Test func standardLibraryFramesGiveTheSameFramesAsBacktrace() {
        // Generic code in libswiftCore (sort, buffer access), optimized with its own CFI.
        var found: Stacks?
        _ = [5, 3, 9, 1].sorted { left, right in
            if found == nil { found = optimizedRecursion(2) }
            return left < right
        }
        if let found { expectSame(found, atLeast: 8) } else { Issue.record("the comparator never ran") }
        var numbers = [1, 2, 3]
        let inBuffer = numbers.withUnsafeMutableBufferPointer { _ in optimizedRecursion(1) }
        expectSame(inBuffer, atLeast: 6)
    }

    @Test func asyncFunctionsGiveTheSameFramesAsBacktrace() async {
        expectSame(await asyncRecursion(6, yielding: true), atLeast: 3)
        expectSame(await asyncRecursion(6, yielding: false), atLeast: 3)
    }

    @Test func threadsWalkConcurrentlyWithTheSameResult() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for depth in 0..<8 {
                group.addTask {
                    (0..<200).allSatisfy { _ in
                        let stacks = optimizedRecursion(depth + 1)
                        return stacks.fast.count >= 4 && stacks.fast.dropFirst() == stacks.glibc.dropFirst()
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 8 && results.allSatisfy { $0 })
    }

    @Test func theHookPathMatchesBacktraceOnAFreshThread() throws {
        // A thread of its own: the walk asks for its stack bounds on its first use there.
        let box = ResultBox()
        let thread = Thread { box.set(optimizedRecursion(5)) }
        thread.start()
        let deadline = Date().addingTimeInterval(10)
        while box.get() == nil && Date() < deadline { usleep(1000) }
        let stacks = try #require(box.get())
        expectSame(stacks, atLeast: 7)
    }

    @Test func sentryFastBacktraceFallsBackOnlyWhenItMust() {
        var frames = [UInt](repeating: 0, count: 8)
        let count = frames.withUnsafeMutableBufferPointer { sentry_fast_backtrace($0.baseAddress, 8) }
        #expect(count == 8)
        #expect(sentry_fast_backtrace(nil, 8) == 0)
        var one = [UInt](repeating: 0, count: 1)
        #expect(one.withUnsafeMutableBufferPointer { sentry_fast_backtrace($0.baseAddress, 1) } == 1)
    }
}

/// Guards the stacks handed back by a plain thread (NSLock: the lock named).
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ThrowUnwinderTests.Stacks?
    func set(_ stacks: ThrowUnwinderTests.Stacks) { lock.withLock { value = stacks } }
    func get() -> ThrowUnwinderTests.Stacks? { lock.withLock { value } }
}

/// Written after each recursive call so none is a tail call.
let unwinderSink = Atomic<Int>(0)

// Tests build in debug; these are compiled optimized (no frame pointers, as in release builds).
@_optimize(speed) @inline(never) func optimizedRecursion(_ depth: Int) -> ThrowUnwinderTests.Stacks {
    if depth == 0 { return ThrowUnwinderTests.bothStacks() }
    let stacks = optimizedRecursion(depth - 1)
    unwinderSink.add(stacks.fast.count, ordering: .relaxed)
    return stacks
}

@_optimize(speed) @inline(never) func optimizedCallingClosure(
    _ body: () -> ThrowUnwinderTests.Stacks
) -> ThrowUnwinderTests.Stacks {
    let stacks = body()
    unwinderSink.add(stacks.glibc.count, ordering: .relaxed)
    return stacks
}

@inline(never) func debugRecursion(_ depth: Int) -> ThrowUnwinderTests.Stacks {
    if depth == 0 { return ThrowUnwinderTests.bothStacks() }
    let stacks = debugRecursion(depth - 1)
    unwinderSink.add(stacks.fast.count, ordering: .relaxed)
    return stacks
}

@_optimize(speed) @inline(never) func asyncRecursion(_ depth: Int, yielding: Bool) async -> ThrowUnwinderTests.Stacks {
    if depth == 0 {
        guard yielding else { return ThrowUnwinderTests.bothStacks() }
        await Task.yield()  // resumed from the executor: a different synchronous stack below
        return optimizedRecursion(4)
    }
    let stacks = await asyncRecursion(depth - 1, yielding: yielding)
    unwinderSink.add(stacks.fast.count, ordering: .relaxed)
    return stacks
}

#endif
