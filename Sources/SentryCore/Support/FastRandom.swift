import Synchronization

/// A fast, lock-free source of random bits for IDs and sampling.
///
/// SplitMix64 over one atomic counter seeded once from the system generator: about a nanosecond
/// uncontended, against ~240 ns for `SystemRandomNumberGenerator` (a syscall each time). Not for
/// cryptography.
package enum FastRandom {
    private static let state: Atomic<UInt64> = {
        var system = SystemRandomNumberGenerator()
        return Atomic(system.next())
    }()

    /// 64 random bits.
    @inline(__always)
    package static func next() -> UInt64 {
        var z = state.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly distributed double in `[0, 1)`.
    package static func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

/// A `RandomNumberGenerator` backed by ``FastRandom``.
package struct FastRandomGenerator: RandomNumberGenerator, Sendable {
    /// Creates the generator (it holds no state of its own).
    package init() {}
    /// 64 random bits.
    package mutating func next() -> UInt64 { FastRandom.next() }
}
