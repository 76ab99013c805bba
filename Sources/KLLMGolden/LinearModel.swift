import BitVector

/// The tables of a §5 `kllm_linear` tile, in the integers the block holds.
public struct LinearTables: Sendable, Equatable {
    /// Weight codebook Cw (2^WBITS signed CW_W-bit entries).
    public var cw: [Int64]
    /// Activation codebook Ca (2^ABITS signed DATA_W-bit entries, any order).
    public var ca: [Int64]
    /// Thresholds (2^ABITS - 1, non-decreasing, signed DATA_W).
    public var thresholds: [Int64]
    /// Row scales s[r] (N signed S_W-bit entries).
    public var scales: [Int64]
    /// Weight indices w[r][k] (N rows of K indices).
    public var weights: [[Int]]

    public init(cw: [Int64], ca: [Int64], thresholds: [Int64], scales: [Int64], weights: [[Int]]) {
        self.cw = cw
        self.ca = ca
        self.thresholds = thresholds
        self.scales = scales
        self.weights = weights
    }
}

/// Bit-exact model of SPEC §5 `kllm_linear` for one input vector.
public enum LinearModel {
    /// The result of one vector: the wrapped sums and the scaled outputs.
    public struct Result: Sendable, Equatable {
        /// acc[r], signed ACC_W bits.
        public var acc: [Int64]
        /// y[r] = s[r] * acc[r], exact in ACC_W + S_W bits.
        public var y: [BitVector]
        /// The outlier positions O (ascending).
        public var outliers: [Int]
    }

    /// Steps 1–5 of §5: quantize, find the outliers, take x at the outliers and
    /// Ca[a] elsewhere, sum Cw[w] * v per row (wrapped to ACC_W), scale.
    public static func run(_ x: [Int64], _ t: LinearTables, topK: Int, accWidth: Int, scaleWidth: Int) -> Result {
        let a = x.map { BlockModels.quantize($0, thresholds: t.thresholds) }
        let outliers = outlierPositions(x, topK: topK)
        let set = Set(outliers)
        let v = x.indices.map { set.contains($0) ? x[$0] : t.ca[a[$0]] }
        let acc = t.weights.map { row -> Int64 in
            var sum: Int64 = 0
            for (k, w) in row.enumerated() { sum = sum &+ t.cw[w] &* v[k] }   // modulo 2^64, so modulo 2^ACC_W
            return BitVector.wrapSigned(sum, width: accWidth)
        }
        let yWidth = accWidth + scaleWidth
        let y = zip(acc, t.scales).map { BitVector(Int($0), width: yWidth).multiplying(BitVector(Int($1), width: yWidth)) }
        return Result(acc: acc, y: y, outliers: outliers)
    }

    /// O of §5 step 2: the union of the positions of the TOPK largest and TOPK
    /// smallest elements (ties: lower position first), each list min(TOPK, K) long.
    public static func outlierPositions(_ x: [Int64], topK: Int) -> [Int] {
        guard topK > 0, !x.isEmpty else { return [] }
        let posWidth = BitVector.minWidth(max(x.count, topK), signed: false)
        let lists = BlockModels.orizuru(x, topK: topK, posWidth: posWidth)
        return Set((lists.maxPositions + lists.minPositions).filter { $0 < x.count }).sorted()
    }
}
