import Foundation

/// A small, fast, seeded random generator (SplitMix64): the same seed gives the
/// same stream on every machine, so every test and vector file is reproducible.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly random signed value of `width` bits (1...64).
    public mutating func signed(width: Int) -> Int64 {
        precondition((1...64).contains(width), "width \(width) out of 1...64")
        let shift = Int64(64 - width)
        return (Int64(bitPattern: next()) << shift) >> shift
    }

    /// A uniformly random unsigned value of `width` bits (1...64).
    public mutating func unsigned(width: Int) -> UInt64 {
        precondition((1...64).contains(width), "width \(width) out of 1...64")
        return width == 64 ? next() : next() & ((UInt64(1) << UInt64(width)) - 1)
    }

    /// A standard normal sample (Box–Muller).
    public mutating func gaussian() -> Double {
        let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-300)
        let u2 = Double(next() >> 11) / Double(1 << 53)
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// The seed tests use: `$KLLM_SEED` when set, else `fallback`.
    public static func testSeed(_ fallback: UInt64) -> UInt64 {
        ProcessInfo.processInfo.environment["KLLM_SEED"].flatMap { UInt64($0) } ?? fallback
    }
}
