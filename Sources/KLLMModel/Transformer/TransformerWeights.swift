import KLLMGolden

/// What a linear layer does in its block (names differ between architectures).
public enum LinearRole: String, Sendable, CaseIterable {
    case query, key, value
    case attentionOutput = "attention-output"
    case gate, up, down
}

/// One linear layer y = x Wᵀ + b of a checkpoint, with its name there.
public struct LinearLayer: Sendable {
    /// The checkpoint's name of the weight without `.weight` (`encoder.layer.0.attention.self.query`).
    public let name: String
    public let role: LinearRole
    /// The block it belongs to (0-based).
    public let block: Int
    /// out-features × in-features.
    public let weight: Matrix
    public let bias: [Float]?
}

/// A norm's gain and (LayerNorm only) bias.
public struct NormWeights: Sendable {
    public let gain: [Float]
    public let bias: [Float]?
}

/// The weights of one transformer block.
public struct BlockWeights: Sendable {
    public let query: LinearLayer, key: LinearLayer, value: LinearLayer, attentionOutput: LinearLayer
    /// BERT: after attention / after the MLP; Llama: before attention / before the MLP.
    public let attentionNorm: NormWeights, feedForwardNorm: NormWeights
    /// GELU MLP: up = intermediate.dense; SwiGLU: up_proj with gate_proj.
    public let up: LinearLayer, gate: LinearLayer?, down: LinearLayer

    /// The linear layers in the order the forward runs them.
    public var linears: [LinearLayer] { [query, key, value, attentionOutput] + (gate.map { [$0] } ?? []) + [up, down] }
}

/// Every weight of an encoder or decoder, read from a safetensors file by the
/// names its architecture uses.
public struct TransformerWeights: Sendable {
    public let tokenEmbedding: Matrix
    public let positionEmbedding: Matrix?
    public let tokenTypeEmbedding: [Float]?
    /// BERT's LayerNorm of the embeddings.
    public let embeddingNorm: NormWeights?
    public let blocks: [BlockWeights]
    /// Llama's final RMSNorm.
    public let finalNorm: NormWeights?

    public init(tokenEmbedding: Matrix, positionEmbedding: Matrix?, tokenTypeEmbedding: [Float]?, embeddingNorm: NormWeights?,
                blocks: [BlockWeights], finalNorm: NormWeights?) {
        (self.tokenEmbedding, self.positionEmbedding, self.tokenTypeEmbedding) = (tokenEmbedding, positionEmbedding, tokenTypeEmbedding)
        (self.embeddingNorm, self.blocks, self.finalNorm) = (embeddingNorm, blocks, finalNorm)
    }

    /// Reads and shape-checks every tensor the configuration needs.
    public init(_ file: SafeTensorsFile, config c: TransformerConfig) throws {
        func matrix(_ name: String, _ rows: Int, _ cols: Int) throws -> Matrix {
            guard let e = file.entries[name] else { throw ModelError("\(file.path): no tensor '\(name)' (a \(c.architecture.rawValue) checkpoint has one)") }
            guard e.shape.reduce(1, *) == rows * cols, e.shape.last == cols else {
                throw ModelError("\(file.path): tensor '\(name)' has shape \(e.shape), expected [\(rows), \(cols)]")
            }
            return try file.matrix(name)
        }
        func vector(_ name: String, _ n: Int) throws -> [Float] { try matrix(name, 1, n).data }
        func linear(_ name: String, _ role: LinearRole, _ block: Int, out: Int, in inputs: Int, bias: Bool) throws -> LinearLayer {
            LinearLayer(name: name, role: role, block: block, weight: try matrix(name + ".weight", out, inputs), bias: bias ? try vector(name + ".bias", out) : nil)
        }
        let d = c.hiddenSize, kv = c.kvHeads * c.headDim
        switch c.architecture {
        case .bert:
            tokenEmbedding = try matrix("embeddings.word_embeddings.weight", c.vocabularySize, d)
            let positions = try file.matrix("embeddings.position_embeddings.weight")
            guard positions.cols == d, positions.rows >= c.maxPositions else {
                throw ModelError("\(file.path): position embeddings are \(positions.rows) x \(positions.cols), expected at least \(c.maxPositions) x \(d)")
            }
            positionEmbedding = positions
            tokenTypeEmbedding = try file.matrix("embeddings.token_type_embeddings.weight").row(0)
            embeddingNorm = NormWeights(gain: try vector("embeddings.LayerNorm.weight", d), bias: try vector("embeddings.LayerNorm.bias", d))
            blocks = try (0..<c.layers).map { i in
                let p = "encoder.layer.\(i)."
                return BlockWeights(
                    query: try linear(p + "attention.self.query", .query, i, out: d, in: d, bias: true),
                    key: try linear(p + "attention.self.key", .key, i, out: d, in: d, bias: true),
                    value: try linear(p + "attention.self.value", .value, i, out: d, in: d, bias: true),
                    attentionOutput: try linear(p + "attention.output.dense", .attentionOutput, i, out: d, in: d, bias: true),
                    attentionNorm: NormWeights(gain: try vector(p + "attention.output.LayerNorm.weight", d),
                                               bias: try vector(p + "attention.output.LayerNorm.bias", d)),
                    feedForwardNorm: NormWeights(gain: try vector(p + "output.LayerNorm.weight", d), bias: try vector(p + "output.LayerNorm.bias", d)),
                    up: try linear(p + "intermediate.dense", .up, i, out: c.intermediateSize, in: d, bias: true), gate: nil,
                    down: try linear(p + "output.dense", .down, i, out: d, in: c.intermediateSize, bias: true))
            }
            finalNorm = nil
        case .llama:
            tokenEmbedding = try matrix("model.embed_tokens.weight", c.vocabularySize, d)
            (positionEmbedding, tokenTypeEmbedding, embeddingNorm) = (nil, nil, nil)
            blocks = try (0..<c.layers).map { i in
                let p = "model.layers.\(i)."
                return BlockWeights(
                    query: try linear(p + "self_attn.q_proj", .query, i, out: d, in: d, bias: false),
                    key: try linear(p + "self_attn.k_proj", .key, i, out: kv, in: d, bias: false),
                    value: try linear(p + "self_attn.v_proj", .value, i, out: kv, in: d, bias: false),
                    attentionOutput: try linear(p + "self_attn.o_proj", .attentionOutput, i, out: d, in: d, bias: false),
                    attentionNorm: NormWeights(gain: try vector(p + "input_layernorm.weight", d), bias: nil),
                    feedForwardNorm: NormWeights(gain: try vector(p + "post_attention_layernorm.weight", d), bias: nil),
                    up: try linear(p + "mlp.up_proj", .up, i, out: c.intermediateSize, in: d, bias: false),
                    gate: try linear(p + "mlp.gate_proj", .gate, i, out: c.intermediateSize, in: d, bias: false),
                    down: try linear(p + "mlp.down_proj", .down, i, out: d, in: c.intermediateSize, bias: false))
            }
            finalNorm = NormWeights(gain: try vector("model.norm.weight", d), bias: nil)
        }
    }
}
