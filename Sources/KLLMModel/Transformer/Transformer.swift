import KLLMGolden

/// How the linear layers (and the activation between an MLP's two layers) of a
/// forward are computed: FP32, or the hardware path of a quantization scheme.
public protocol LinearPath {
    /// y = x Wᵀ + b for `layer`; `x` is (all sequences' tokens) × in-features.
    mutating func apply(_ layer: LinearLayer, to x: Matrix) throws -> Matrix
    /// GELU of the output of `layer` (an MLP's up projection).
    mutating func gelu(after layer: LinearLayer, _ y: Matrix) throws -> Matrix
}

extension LinearPath {
    public mutating func gelu(after layer: LinearLayer, _ y: Matrix) throws -> Matrix { y.map(Kernels.gelu) }
}

/// Every linear layer in FP32.
public struct FloatPath: LinearPath {
    public init() {}
    public mutating func apply(_ layer: LinearLayer, to x: Matrix) throws -> Matrix { Kernels.linear(x, layer.weight, bias: layer.bias) }
}

/// An encoder or decoder: one forward for both, its blocks chosen by the
/// configuration (norm and its placement, MLP, mask, positions). Sequences are
/// stacked into one matrix so every linear layer sees all tokens at once;
/// attention stays within each sequence.
public struct Transformer: Sendable {
    public let config: TransformerConfig
    public let weights: TransformerWeights

    public init(config: TransformerConfig, weights: TransformerWeights) {
        self.config = config
        self.weights = weights
    }

    /// The last hidden states of each sequence (tokens × hidden).
    public func hiddenStates<P: LinearPath>(_ sequences: [[Int]], path: inout P) throws -> [Matrix] {
        let c = config
        var segments: [Range<Int>] = [], positions: [Int] = []
        for s in sequences {
            guard !s.isEmpty else { throw ModelError("an empty token sequence") }
            guard s.count <= c.maxPositions else { throw ModelError("a sequence of \(s.count) tokens exceeds the model's \(c.maxPositions) positions") }
            if let bad = s.first(where: { !(0..<c.vocabularySize).contains($0) }) { throw ModelError("token id \(bad) is outside the vocabulary (\(c.vocabularySize))") }
            segments.append(positions.count..<(positions.count + s.count))
            positions += 0..<s.count
        }
        var x = embed(sequences.flatMap { $0 }, positions: positions)
        func norm(_ m: Matrix, _ w: NormWeights) -> Matrix { Kernels.normalize(m, w, kind: c.norm, epsilon: c.normEpsilon) }
        for block in weights.blocks {
            let h = c.placement == .pre ? norm(x, block.attentionNorm) : x
            var q = try path.apply(block.query, to: h), k = try path.apply(block.key, to: h)
            let v = try path.apply(block.value, to: h)
            if case .rotary(let theta) = c.positions {
                q = Kernels.rotate(q, heads: c.heads, headDim: c.headDim, positions: positions, theta: theta)
                k = Kernels.rotate(k, heads: c.kvHeads, headDim: c.headDim, positions: positions, theta: theta)
            }
            let context = Kernels.attention(q: q, k: k, v: v, segments: segments, heads: c.heads, kvHeads: c.kvHeads, causal: c.causal)
            x = x.zip(try path.apply(block.attentionOutput, to: context), +)
            if c.placement == .post { x = norm(x, block.attentionNorm) }
            let f = c.placement == .pre ? norm(x, block.feedForwardNorm) : x
            let inner: Matrix
            switch c.feedForward {
            case .gelu:
                inner = try path.gelu(after: block.up, try path.apply(block.up, to: f))
            case .swiglu:
                guard let gate = block.gate else { throw ModelError("a SwiGLU block without a gate projection") }
                inner = try path.apply(gate, to: f).map(Kernels.silu).zip(try path.apply(block.up, to: f), *)
            }
            x = x.zip(try path.apply(block.down, to: inner), +)
            if c.placement == .post { x = norm(x, block.feedForwardNorm) }
        }
        if let f = weights.finalNorm { x = norm(x, f) }
        return segments.map { seg in Matrix(rows: seg.count, cols: x.cols, data: Array(x.data[(seg.lowerBound * x.cols)..<(seg.upperBound * x.cols)])) }
    }

    /// Sentence embeddings: the mean of each sequence's last hidden states, L2-normalised.
    public func sentenceEmbeddings<P: LinearPath>(_ sequences: [[Int]], path: inout P) throws -> [[Float]] {
        try hiddenStates(sequences, path: &path).map { h in
            var mean = [Float](repeating: 0, count: h.cols)
            for t in 0..<h.rows { for c in 0..<h.cols { mean[c] += h[t, c] } }
            let norm = mean.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            return mean.map { norm > 0 ? Float(Double($0) / norm) : 0 }
        }
    }

    /// Token (+ position + token type) embeddings, and BERT's embedding LayerNorm.
    func embed(_ ids: [Int], positions: [Int]) -> Matrix {
        let d = config.hiddenSize
        var x = Matrix(rows: ids.count, cols: d)
        for (t, id) in ids.enumerated() {
            for c in 0..<d {
                var v = weights.tokenEmbedding[id, c]
                if let p = weights.positionEmbedding { v += p[positions[t], c] }
                if let tt = weights.tokenTypeEmbedding { v += tt[c] }
                x[t, c] = v
            }
        }
        if let n = weights.embeddingNorm { x = Kernels.normalize(x, n, kind: config.norm, epsilon: config.normEpsilon) }
        return x
    }
}
