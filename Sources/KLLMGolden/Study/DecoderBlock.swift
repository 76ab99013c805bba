import Foundation
import Randomness

/// How the linear layers of the decoder block are computed.
public enum QuantMethod: Sendable, Equatable, CustomStringConvertible {
    case fp32
    /// Uniform symmetric INT-b weights (per channel) and activations (per token).
    case uniform(bits: Int)
    /// K-Means weights (per output channel) and activations (per tensor), index MatMul through T.
    case kmeans(bits: Int)
    /// K-Means plus exact compensation of each token's top-k largest and smallest activations.
    case kmeansOutliers(bits: Int, topK: Int)

    public var description: String {
        switch self {
        case .fp32: return "FP32"
        case .uniform(let b): return "uniform INT\(b) W\(b)A\(b)"
        case .kmeans(let b): return "K-Means W\(b)A\(b)"
        case .kmeansOutliers(let b, let k): return "K-Means W\(b)A\(b) + top-\(k)"
        }
    }

    public var bits: Int? {
        switch self {
        case .fp32: return nil
        case .uniform(let b), .kmeans(let b), .kmeansOutliers(let b, _): return b
        }
    }

    /// `x · Wᵀ` under this method.
    public func linear(_ x: Matrix, _ w: Matrix) -> Matrix {
        switch self {
        case .fp32:
            return Matrix.linear(x, w)
        case .uniform(let b):
            return Matrix.linear(UniformQuantized(x, bits: b).dequantized(), UniformQuantized(w, bits: b).dequantized())
        case .kmeans(let b):
            return IndexOps.linear(activations: KMeansQuantized(x, bits: b, granularity: .perTensor),
                                   weights: KMeansQuantized(w, bits: b, granularity: .perChannel))
        case .kmeansOutliers(let b, let k):
            let a = KMeansQuantized(x, bits: b, granularity: .perTensor)
            let wq = KMeansQuantized(w, bits: b, granularity: .perChannel)
            let y = IndexOps.linear(activations: a, weights: wq)
            return OutlierCompensation.apply(y, x: x, activations: a, weightsDequantized: wq.dequantized(), k: k)
        }
    }
}

/// A Llama-style decoder block: RMSNorm, Q/K/V/O projections, causal multi-head
/// attention with softmax, RMSNorm, SwiGLU MLP, residual connections.
public struct DecoderBlock: Sendable {
    public let dModel: Int
    public let heads: Int
    public let dFF: Int
    public var wq, wk, wv, wo, wGate, wUp, wDown: Matrix
    public var norm1, norm2: [Float]

    /// Seeded synthetic weights: Gaussian with std 1/sqrt(fan-in).
    public init(dModel: Int, heads: Int, dFF: Int, rng: inout SeededRandom) {
        precondition(dModel % heads == 0, "dModel must divide into heads")
        self.dModel = dModel
        self.heads = heads
        self.dFF = dFF
        let s = 1 / Float(dModel).squareRoot()
        wq = .gaussian(rows: dModel, cols: dModel, std: s, rng: &rng)
        wk = .gaussian(rows: dModel, cols: dModel, std: s, rng: &rng)
        wv = .gaussian(rows: dModel, cols: dModel, std: s, rng: &rng)
        wo = .gaussian(rows: dModel, cols: dModel, std: s, rng: &rng)
        wGate = .gaussian(rows: dFF, cols: dModel, std: s, rng: &rng)
        wUp = .gaussian(rows: dFF, cols: dModel, std: s, rng: &rng)
        wDown = .gaussian(rows: dModel, cols: dFF, std: 1 / Float(dFF).squareRoot(), rng: &rng)
        norm1 = (0..<dModel).map { _ in 1 + 0.1 * Float(rng.gaussian()) }
        norm2 = (0..<dModel).map { _ in 1 + 0.1 * Float(rng.gaussian()) }
    }

    /// Activations like an LLM's: Gaussian, with a few channels carrying large,
    /// heavy-tailed outliers (as reported for LLM activations).
    public static func syntheticActivations(tokens: Int, dModel: Int, outlierChannels: Int, rng: inout SeededRandom) -> Matrix {
        var x = Matrix.gaussian(rows: tokens, cols: dModel, std: 1, rng: &rng)
        let channels = (0..<outlierChannels).map { _ in Int(rng.next() % UInt64(dModel)) }
        for t in 0..<tokens {
            for c in channels {
                // Student-t-like tail: Gaussian over the root of a chi-square with 3 degrees of freedom.
                let chi = (0..<3).reduce(0.0) { acc, _ in let g = rng.gaussian(); return acc + g * g } / 3
                x[t, c] = Float(20 * rng.gaussian() / max(chi.squareRoot(), 0.05))
            }
        }
        return x
    }

    static func rmsNorm(_ x: Matrix, _ g: [Float]) -> Matrix {
        var out = x
        for t in 0..<x.rows {
            let row = x.row(t)
            let ms = row.reduce(0) { $0 + $1 * $1 } / Float(x.cols)
            let inv = 1 / (ms + 1e-6).squareRoot()
            for c in 0..<x.cols { out[t, c] = row[c] * inv * g[c] }
        }
        return out
    }

    func attention(_ q: Matrix, _ k: Matrix, _ v: Matrix) -> Matrix {
        let dh = dModel / heads
        var out = Matrix(rows: q.rows, cols: dModel)
        let scale = 1 / Float(dh).squareRoot()
        for h in 0..<heads {
            for t in 0..<q.rows {
                var scores = [Float](repeating: 0, count: t + 1)
                for s in 0...t {
                    var dot: Float = 0
                    for i in 0..<dh { dot += q[t, h * dh + i] * k[s, h * dh + i] }
                    scores[s] = dot * scale
                }
                let m = scores.max()!
                let e = scores.map { Foundation.exp($0 - m) }
                let z = e.reduce(0, +)
                for i in 0..<dh {
                    var acc: Float = 0
                    for s in 0...t { acc += e[s] / z * v[s, h * dh + i] }
                    out[t, h * dh + i] = acc
                }
            }
        }
        return out
    }

    /// Outputs of every projection and of the block.
    public struct Trace: Sendable {
        public var projections: [(name: String, input: Matrix, output: Matrix)] = []
        public var output = Matrix(rows: 0, cols: 0)
    }

    /// Runs the block with every linear layer computed by `method`.
    public func forward(_ x: Matrix, method: QuantMethod) -> Trace {
        var trace = Trace()
        func proj(_ name: String, _ input: Matrix, _ w: Matrix) -> Matrix {
            let y = method.linear(input, w)
            trace.projections.append((name, input, y))
            return y
        }
        let h1 = Self.rmsNorm(x, norm1)
        let q = proj("q_proj", h1, wq), k = proj("k_proj", h1, wk), v = proj("v_proj", h1, wv)
        let attn = attention(q, k, v)
        let o = proj("o_proj", attn, wo)
        let x2 = x.zip(o, +)
        let h2 = Self.rmsNorm(x2, norm2)
        let gate = proj("gate_proj", h2, wGate), up = proj("up_proj", h2, wUp)
        let act = gate.map(Activation.silu).zip(up, *)
        let down = proj("down_proj", act, wDown)
        trace.output = x2.zip(down, +)
        return trace
    }
}
