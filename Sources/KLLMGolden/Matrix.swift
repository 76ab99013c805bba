import Randomness
/// A dense row-major matrix of Float (the FP32 reference precision).
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public var data: [Float]

    public init(rows: Int, cols: Int, data: [Float]? = nil) {
        precondition(rows >= 0 && cols >= 0, "negative size")
        self.rows = rows
        self.cols = cols
        self.data = data ?? [Float](repeating: 0, count: rows * cols)
        precondition(self.data.count == rows * cols, "data has \(self.data.count) values for \(rows)x\(cols)")
    }

    public subscript(r: Int, c: Int) -> Float {
        get { data[r * cols + c] }
        set { data[r * cols + c] = newValue }
    }

    /// Row `r` as an array.
    public func row(_ r: Int) -> [Float] { Array(data[(r * cols)..<((r + 1) * cols)]) }

    /// `x · wᵀ`: x is tokens × in, w is out × in (a linear layer), result tokens × out.
    public static func linear(_ x: Matrix, _ w: Matrix) -> Matrix {
        precondition(x.cols == w.cols, "linear: input has \(x.cols) features, weight expects \(w.cols)")
        var out = Matrix(rows: x.rows, cols: w.rows)
        x.data.withUnsafeBufferPointer { xp in
            w.data.withUnsafeBufferPointer { wp in
                for t in 0..<x.rows {
                    for o in 0..<w.rows {
                        var s: Float = 0
                        let xb = t * x.cols, wb = o * w.cols
                        for i in 0..<x.cols { s += xp[xb + i] * wp[wb + i] }
                        out.data[t * w.rows + o] = s
                    }
                }
            }
        }
        return out
    }

    /// The transpose.
    public var transposed: Matrix {
        var out = Matrix(rows: cols, cols: rows)
        for r in 0..<rows { for c in 0..<cols { out[c, r] = self[r, c] } }
        return out
    }

    /// Columns `range` of every row.
    public func columns(_ range: Range<Int>) -> Matrix {
        var out = Matrix(rows: rows, cols: range.count)
        for r in 0..<rows { for (k, c) in range.enumerated() { out[r, k] = self[r, c] } }
        return out
    }

    /// Elementwise map.
    public func map(_ f: (Float) -> Float) -> Matrix { Matrix(rows: rows, cols: cols, data: data.map(f)) }

    /// Elementwise combination with a same-shaped matrix.
    public func zip(_ o: Matrix, _ f: (Float, Float) -> Float) -> Matrix {
        precondition(rows == o.rows && cols == o.cols, "shape mismatch")
        return Matrix(rows: rows, cols: cols, data: Swift.zip(data, o.data).map(f))
    }

    /// A matrix of seeded N(0, std²) values.
    public static func gaussian(rows: Int, cols: Int, std: Float, rng: inout SeededRandom) -> Matrix {
        Matrix(rows: rows, cols: cols, data: (0..<(rows * cols)).map { _ in Float(rng.gaussian()) * std })
    }
}

/// Error measures against a reference.
public enum Metrics {
    /// Normalised mean squared error: Σ(y−ref)² / Σref².
    public static func nmse(_ y: [Float], _ ref: [Float]) -> Double {
        var num = 0.0, den = 0.0
        for (a, b) in zip(y, ref) { num += Double(a - b) * Double(a - b); den += Double(b) * Double(b) }
        return den > 0 ? num / den : (num > 0 ? .infinity : 0)
    }

    /// Cosine similarity of the flattened tensors.
    public static func cosine(_ y: [Float], _ ref: [Float]) -> Double {
        var dot = 0.0, a2 = 0.0, b2 = 0.0
        for (a, b) in zip(y, ref) { dot += Double(a) * Double(b); a2 += Double(a) * Double(a); b2 += Double(b) * Double(b) }
        return a2 > 0 && b2 > 0 ? dot / (a2.squareRoot() * b2.squareRoot()) : 0
    }
}
