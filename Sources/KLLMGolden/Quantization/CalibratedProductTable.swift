import Foundation

/// A Cartesian product table T[i][j] = Cw[i] · Ca[j] rounded to signed `width`-bit
/// integers with one step for the whole table (what `kllm_index_matmul` holds).
///
/// The step is chosen to minimise the squared rounding error weighted by how
/// often each (weight index, activation index) pair occurs: pairs that are rare
/// (the extreme centroids) may saturate so the common small products keep more
/// resolution. With uniform occupancy and enough bits this is the max-magnitude
/// step; it never picks a step under a quarter of that.
public struct CalibratedProductTable: Sendable, Equatable {
    /// Entry width in bits (2...32).
    public let width: Int
    /// The real value of one integer unit: T[i][j] ≈ entries[i·|Ca| + j] · step.
    public let step: Double
    /// Row-major integer entries, weight index major.
    public let entries: [Int64]

    /// Rounds Cw ⊗ Ca to `width` bits; `weightCounts` and `activationCounts` are how often
    /// each index occurs (nil: every index equally often). `largestStep` skips the search:
    /// the largest magnitude maps to 2^(width-1) - 1 and nothing saturates.
    public init(cw: [Double], ca: [Double], width: Int, weightCounts: [Int]? = nil, activationCounts: [Int]? = nil, largestStep: Bool = false) {
        precondition((2...32).contains(width), "product table width \(width) is outside 2...32")
        precondition(weightCounts.map { $0.count == cw.count } ?? true, "weightCounts has \(weightCounts?.count ?? 0) entries for \(cw.count) centroids")
        precondition(activationCounts.map { $0.count == ca.count } ?? true, "activationCounts has \(activationCounts?.count ?? 0) entries for \(ca.count) centroids")
        self.width = width
        let products = cw.flatMap { w in ca.map { w * $0 } }
        let pw = Self.probabilities(weightCounts, count: cw.count)
        let pa = Self.probabilities(activationCounts, count: ca.count)
        let occupancy = pw.flatMap { w in pa.map { w * $0 } }
        let hi = Double((Int64(1) << (width - 1)) - 1), lo = -Double(Int64(1) << (width - 1))
        let largest = products.map(abs).max() ?? 0
        guard largest > 0 else {
            step = 1
            entries = products.map { _ in 0 }
            return
        }
        func error(_ s: Double) -> Double {
            zip(products, occupancy).reduce(0) { sum, e in
                let q = min(hi, max(lo, (e.0 / s).rounded())) * s
                return sum + e.1 * (e.0 - q) * (e.0 - q)
            }
        }
        // A grid over step = largest / hi · f, f = 1/4 ... 1 in steps of 1/200.
        let full = largest / hi
        var best = (f: 1.0, e: error(full))
        for i in 0...150 where !largestStep {
            let f = 0.25 + 0.005 * Double(i)
            let e = error(full * f)
            if e < best.e { best = (f, e) }
        }
        step = full * best.f
        let s = step
        entries = products.map { Int64(min(hi, max(lo, ($0 / s).rounded()))) }
    }

    /// The entries in real units (entry · step).
    public var values: [Double] { entries.map { Double($0) * step } }

    static func probabilities(_ counts: [Int]?, count: Int) -> [Double] {
        guard let counts, counts.reduce(0, +) > 0 else { return Array(repeating: 1 / Double(count), count: count) }
        let total = Double(counts.reduce(0, +))
        return counts.map { Double($0) / total }
    }
}
