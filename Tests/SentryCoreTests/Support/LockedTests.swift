import Foundation
import Testing

@testable import SentryCore

@Suite struct LockedTests {
    /// Eight threads add to one counter under the lock while it is contended the whole time
    /// (waiters sleep in the kernel and must each be woken): no increment may be lost, and no
    /// thread may sleep forever.
    @Test func contendedIncrementsAreNeverLost() {
        let counter = Locked(0)
        let threads = 8, increments = 20_000
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<increments { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == threads * increments)
    }

    /// A value that holds references is guarded and released like any other: the lock's storage
    /// owns it, copies of the `Locked` share it, and a throwing body leaves it unlocked.
    @Test func copiesShareTheValueAndAThrowUnlocks() {
        struct Failure: Error {}
        let names = Locked<[String]>([])
        let copy = names
        copy.withLock { $0.append("a") }
        #expect(throws: Failure.self) { try names.withLock { _ in throw Failure() } }
        names.withLock { $0.append("b") }  // would deadlock had the throw kept the lock
        #expect(copy.withLock { $0 } == ["a", "b"])
    }
}
