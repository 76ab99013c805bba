import Foundation
import KLLMGolden

/// The float kernels of the forward: a linear layer on both cores, norms,
/// activations, rotary positions and multi-head attention over sequences.
public enum Kernels {
    /// y = x Wᵀ (+ b): x is tokens × in, W is out × in. Eight partial sums per
    /// dot product (SIMD), output rows split over the machine's cores.
    public static func linear(_ x: Matrix, _ w: Matrix, bias: [Float]? = nil) -> Matrix {
        precondition(x.cols == w.cols, "linear: input has \(x.cols) features, weight expects \(w.cols)")
        let (tokens, n, k) = (x.rows, w.rows, w.cols)
        guard tokens > 0, n > 0, k > 0 else {   // no products: every output is its bias
            return Matrix(rows: tokens, cols: n, data: (0..<tokens).flatMap { _ in bias ?? [Float](repeating: 0, count: n) })
        }
        var out = [Float](repeating: 0, count: tokens * n)
        x.data.withUnsafeBufferPointer { xb in
            w.data.withUnsafeBufferPointer { wb in
                out.withUnsafeMutableBufferPointer { ob in
                    let (xp, wp, op) = (SharedConstPointer(base: xb.baseAddress!), SharedConstPointer(base: wb.baseAddress!), SharedPointer(base: ob.baseAddress!))
                    Parallel.rows(n) { rows in
                        for t in 0..<tokens {
                            for r in rows { op.base[t * n + r] = dot(xp.base + t * k, wp.base + r * k, k) + (bias?[r] ?? 0) }
                        }
                    }
                }
            }
        }
        return Matrix(rows: tokens, cols: n, data: out)
    }

    @inline(__always) static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ k: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i + 8 <= k {
            let va = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
            let vb = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            acc += va * vb
            i += 8
        }
        var s = acc.sum()
        while i < k { s += a[i] * b[i]; i += 1 }
        return s
    }

    /// LayerNorm (with `norm.bias`) or RMSNorm (without) of every row.
    public static func normalize(_ x: Matrix, _ norm: NormWeights, kind: TransformerConfig.Norm, epsilon: Double) -> Matrix {
        var out = x
        let d = x.cols
        for t in 0..<x.rows {
            let row = x.data[(t * d)..<((t + 1) * d)]
            var mean = 0.0
            if kind == .layerNorm { mean = row.reduce(0.0) { $0 + Double($1) } / Double(d) }
            let variance = row.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(d)
            let inv = 1 / (variance + epsilon).squareRoot()
            for c in 0..<d {
                out.data[t * d + c] = Float((Double(row[t * d + c]) - mean) * inv) * norm.gain[c] + (norm.bias?[c] ?? 0)
            }
        }
        return out
    }

    /// GELU with the exact error function (BERT's `gelu`; `Activation.geluExact`).
    public static func gelu(_ v: Float) -> Float { Activation.geluExact(v) }

    /// SiLU (Swish), x·sigmoid(x) (`Activation.silu`).
    public static func silu(_ v: Float) -> Float { Activation.silu(v) }

    /// Rotary position embedding (Llama's half-split convention) on every head of
    /// `x`, each token at its position within its sequence.
    public static func rotate(_ x: Matrix, heads: Int, headDim: Int, positions: [Int], theta: Double) -> Matrix {
        var out = x
        let half = headDim / 2
        for (t, pos) in positions.enumerated() {
            for i in 0..<half {
                let angle = Double(pos) * pow(theta, -2 * Double(i) / Double(headDim))
                let (c, s) = (Float(cos(angle)), Float(sin(angle)))
                for h in 0..<heads {
                    let a = t * x.cols + h * headDim + i, b = a + half
                    out.data[a] = x.data[a] * c - x.data[b] * s
                    out.data[b] = x.data[b] * c + x.data[a] * s
                }
            }
        }
        return out
    }

    /// Softmax attention of each sequence (`segments` of the stacked rows) over
    /// its own tokens, every head; key/value heads shared by heads/kvHeads query heads.
    public static func attention(q: Matrix, k: Matrix, v: Matrix, segments: [Range<Int>], heads: Int, kvHeads: Int, causal: Bool) -> Matrix {
        let dh = q.cols / heads, group = heads / kvHeads
        var out = Matrix(rows: q.rows, cols: q.cols)
        let scale = 1 / Float(dh).squareRoot()
        for seg in segments {
            for h in 0..<heads {
                let kh = h / group
                for t in seg {
                    let last = causal ? t : seg.upperBound - 1
                    var scores = [Float](repeating: 0, count: last - seg.lowerBound + 1)
                    for s in seg.lowerBound...last {
                        var dotp: Float = 0
                        for i in 0..<dh { dotp += q[t, h * dh + i] * k[s, kh * dh + i] }
                        scores[s - seg.lowerBound] = dotp * scale
                    }
                    let m = scores.max() ?? 0
                    let e = scores.map { expf($0 - m) }
                    let z = e.reduce(0, +)
                    for i in 0..<dh {
                        var acc: Float = 0
                        for s in seg.lowerBound...last { acc += e[s - seg.lowerBound] * v[s, kh * dh + i] }
                        out[t, h * dh + i] = acc / z
                    }
                }
            }
        }
        return out
    }
}
