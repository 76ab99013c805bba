/// The uniform symmetric INT-b baseline (as Atom-style W4A4 designs use): one
/// scale per row — per output channel for weights, per token for activations —
/// `scale = max|x| / (2^(b-1) - 1)`, `q = clamp(round(x / scale), -2^(b-1), 2^(b-1) - 1)`
/// with round-half-away-from-zero, and `x ≈ q · scale`.
public struct UniformQuantized: Sendable {
    public let bits: Int
    public let scales: [Float]
    public let values: [Int]
    public let rows: Int
    public let cols: Int

    public init(_ m: Matrix, bits: Int) {
        precondition((2...16).contains(bits), "bits must be 2...16")
        self.bits = bits
        rows = m.rows
        cols = m.cols
        let qmax = Float((1 << (bits - 1)) - 1)
        let qmin = -Float(1 << (bits - 1))
        var sc: [Float] = [], q = [Int](repeating: 0, count: m.rows * m.cols)
        for r in 0..<m.rows {
            let amax = m.row(r).map(abs).max() ?? 0
            let s = amax > 0 ? amax / qmax : 1
            sc.append(s)
            for c in 0..<m.cols {
                q[r * m.cols + c] = Int(min(max((m[r, c] / s).rounded(.toNearestOrAwayFromZero), qmin), qmax))
            }
        }
        scales = sc
        values = q
    }

    /// The dequantized matrix.
    public func dequantized() -> Matrix {
        var out = Matrix(rows: rows, cols: cols)
        for r in 0..<rows { for c in 0..<cols { out[r, c] = Float(values[r * cols + c]) * scales[r] } }
        return out
    }
}
