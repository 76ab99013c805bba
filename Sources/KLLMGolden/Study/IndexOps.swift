import Foundation

/// Inference arithmetic carried out on centroid indices, as the KLLM hardware does.
public enum IndexOps {
    /// `y = x · Wᵀ` computed through product tables: `y[t][o] = Σ_i T_o[w[o][i]][a[t][i]]`
    /// with `T_o[i][j] = Cw_o[i] · Ca[j]` (one table per weight codebook). `weights`
    /// is out × in, `activations` tokens × in with one codebook per tensor.
    public static func linear(activations a: KMeansQuantized, weights w: KMeansQuantized) -> Matrix {
        precondition(a.cols == w.cols, "index linear: \(a.cols) input features vs \(w.cols)")
        precondition(a.granularity == .perTensor, "activation indices need one codebook per tensor")
        let ca = a.codebooks[0].centroids.map(Float.init)
        let na = ca.count
        // One product table per weight codebook: T[i][j] = Cw[i] * Ca[j], row-major.
        let tables = w.codebooks.map { book in book.centroids.map(Float.init).flatMap { wc in ca.map { wc * $0 } } }
        var out = Matrix(rows: a.rows, cols: w.rows)
        for o in 0..<w.rows {
            let wRow = o * w.cols
            for t in 0..<a.rows {
                let aRow = t * a.cols
                var s: Float = 0
                for i in 0..<w.cols {
                    s += tables[bookIndex(w, row: o, col: i)][w.indices[wRow + i] * na + a.indices[aRow + i]]
                }
                out[t, o] = s
            }
        }
        return out
    }

    static func bookIndex(_ q: KMeansQuantized, row r: Int, col c: Int) -> Int {
        switch q.granularity {
        case .perTensor: return 0
        case .perChannel: return r
        case .perGroup(let g): return r * ((q.cols + g - 1) / g) + c / g
        }
    }

    /// An elementwise nonlinear op on indices: `f` of each element's centroid
    /// (the table the hardware's lut_map holds is `f` of every centroid).
    public static func elementwise(_ q: KMeansQuantized, _ f: (Float) -> Float) -> Matrix {
        precondition(q.granularity == .perTensor, "elementwise LUTs need one codebook per tensor")
        let lut = q.codebooks[0].centroids.map { f(Float($0)) }
        return Matrix(rows: q.rows, cols: q.cols, data: q.indices.map { lut[$0] })
    }

    /// Per row, `Σ_i count_i · g(c_i)` from the histogram of indices (lut_reduce).
    public static func reduceRows(_ q: KMeansQuantized, _ g: (Double) -> Double) -> [Double] {
        precondition(q.granularity == .perTensor, "index reductions need one codebook per tensor")
        let table = q.codebooks[0].centroids.map(g)
        return (0..<q.rows).map { r in
            var counts = [Int](repeating: 0, count: table.count)
            for c in 0..<q.cols { counts[q.indices[r * q.cols + c]] += 1 }
            return zip(counts, table).reduce(0) { $0 + Double($1.0) * $1.1 }
        }
    }

    /// Softmax denominators per row: Σ count_i · exp(c_i).
    public static func softmaxDenominators(_ q: KMeansQuantized) -> [Double] { reduceRows(q) { Foundation.exp($0) } }

    /// RMSNorm sums of squares per row: Σ count_i · c_i².
    public static func sumsOfSquares(_ q: KMeansQuantized) -> [Double] { reduceRows(q) { $0 * $0 } }
}

/// Elementwise activation functions used by the decoder block and the LUTs.
public enum Activation {
    public static func silu(_ x: Float) -> Float { x / (1 + Foundation.exp(-x)) }
    public static func gelu(_ x: Float) -> Float { 0.5 * x * (1 + Foundation.tanh(0.797_884_6 * (x + 0.044_715 * x * x * x))) }
    /// GELU with the exact error function (BERT's `gelu`).
    public static func geluExact(_ x: Float) -> Float { 0.5 * x * (1 + erff(x / Float(2).squareRoot())) }
    public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
}

/// Exact compensation of each token's top-k largest and smallest activations
/// (found as Orizuru does): `y += (x_p − Ca[idx_p]) · Wdeq[:, p]`.
public enum OutlierCompensation {
    /// Positions of the `k` largest and `k` smallest values of `row` (ties: lower position first).
    public static func outlierPositions(_ row: [Float], k: Int) -> [Int] {
        let scaled = row.map { Int64(($0 * 65536).rounded()) }
        let r = BlockModels.orizuru(scaled, topK: min(k, row.count), posWidth: 31)
        return Array(Set(r.maxPositions + r.minPositions).filter { $0 < row.count }).sorted()
    }

    /// `y` (tokens × out) corrected for the outliers of `x` (tokens × in).
    public static func apply(_ y: Matrix, x: Matrix, activations a: KMeansQuantized, weightsDequantized w: Matrix, k: Int) -> Matrix {
        var out = y
        let ca = a.codebooks[0]
        for t in 0..<x.rows {
            let row = x.row(t)
            for p in outlierPositions(row, k: k) {
                let residual = row[p] - Float(ca.decode(a.indices[t * a.cols + p]))
                if residual == 0 { continue }
                for o in 0..<w.rows { out[t, o] += residual * w[o, p] }
            }
        }
        return out
    }
}
