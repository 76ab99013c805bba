import BitVector
import Foundation

/// Conversion of real values to the signed integers the hardware tables hold.
///
/// A value `v` is stored as `round(v · 2^fracBits)` — round half away from zero —
/// saturated to the signed `width`-bit range. `fracBits` is chosen as the largest
/// power of two for which the largest magnitude still fits, so nothing saturates
/// unless the caller forces a scale; the real value is `stored / 2^fracBits`.
public struct FixedPointFormat: Sendable, Equatable, CustomStringConvertible {
    public let width: Int
    /// Binary point position (may be negative for very large values).
    public let fracBits: Int

    public init(width: Int, fracBits: Int) {
        precondition((2...64).contains(width), "width must be 2...64")
        self.width = width
        self.fracBits = fracBits
    }

    /// The format with the most fractional bits in which every value of `values` fits.
    public static func fitting(_ values: [Double], width: Int) -> FixedPointFormat {
        let maxAbs = values.map(abs).max() ?? 0
        let limit = Double((Int64(1) << Int64(width - 1)) - 1)
        guard maxAbs > 0 else { return FixedPointFormat(width: width, fracBits: 0) }
        var f = Int(Foundation.log2(limit / maxAbs).rounded(.down))
        while (maxAbs * pow2(f + 1)).rounded(.toNearestOrAwayFromZero) <= limit { f += 1 }
        while (maxAbs * pow2(f)).rounded(.toNearestOrAwayFromZero) > limit { f -= 1 }
        return FixedPointFormat(width: width, fracBits: f)
    }

    static func pow2(_ e: Int) -> Double { e >= 0 ? Double(sign: .plus, exponent: e, significand: 1) : 1 / Double(sign: .plus, exponent: -e, significand: 1) }

    /// The stored integer for `v` (rounded half away from zero, saturated).
    public func quantize(_ v: Double) -> Int64 {
        let scaled = (v * Self.pow2(fracBits)).rounded(.toNearestOrAwayFromZero)
        let r = BitVector.signedRange(width)
        if scaled >= Double(r.upperBound) { return r.upperBound }
        if scaled <= Double(r.lowerBound) { return r.lowerBound }
        return Int64(scaled)
    }

    /// The real value of a stored integer.
    public func real(_ q: Int64) -> Double { Double(q) * Self.pow2(-fracBits) }

    public var description: String { "Q\(width - 1 - fracBits).\(fracBits) in \(width) bits" }
}

extension Int {
    /// floor(log2(self)) for positive values, 0 otherwise.
    var bitWidthLog2: Int { self > 0 ? (Int.bitWidth - 1 - leadingZeroBitCount) : 0 }
}

/// The Cartesian product table of SPEC §1 in integers: `T[i][j] = Cw[i] · Ca[j]`
/// stored at address `(i << abits) | j` in one fixed-point format.
public struct ProductTable: Sendable {
    public let weightBits: Int
    public let activationBits: Int
    public let format: FixedPointFormat
    /// Entries in address order (weight index in the high bits).
    public let entries: [Int64]

    public init(weights: Codebook, activations: Codebook, width: Int) {
        weightBits = max(1, (weights.count - 1).bitWidthLog2 + 1)
        activationBits = max(1, (activations.count - 1).bitWidthLog2 + 1)
        var real: [Double] = []
        for i in 0..<(1 << weightBits) {
            for j in 0..<(1 << activationBits) {
                real.append(weights.decode(min(i, weights.count - 1)) * activations.decode(min(j, activations.count - 1)))
            }
        }
        format = FixedPointFormat.fitting(real, width: width)
        entries = real.map(format.quantize)
    }
}
