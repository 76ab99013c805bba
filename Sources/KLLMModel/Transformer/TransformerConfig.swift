import Foundation

/// What went wrong with a model folder: a missing or unreadable file, an
/// unknown architecture, a tensor of the wrong shape. One line, naming the file.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The shape of a transformer and how its blocks are built. An encoder (BERT)
/// and a decoder (Llama) are the same forward with other choices of norm,
/// norm placement, feed-forward, attention mask and positions.
public struct TransformerConfig: Sendable, Equatable {
    /// The checkpoint families that can be read.
    public enum Architecture: String, Sendable {
        case bert, llama
    }
    /// LayerNorm (mean and variance, gain and bias) or RMSNorm (gain only).
    public enum Norm: Sendable { case layerNorm, rmsNorm }
    /// Post-norm (BERT: norm after each residual add) or pre-norm (Llama: before each sub-block, plus a final norm).
    public enum NormPlacement: Sendable { case post, pre }
    /// GELU MLP (up, GELU, down) or SwiGLU (SiLU(gate) * up, down).
    public enum FeedForward: Sendable { case gelu, swiglu }
    /// Absolute learned position embeddings or rotary embeddings (RoPE, base theta).
    public enum Positions: Sendable, Equatable { case learned, rotary(theta: Double) }

    public var architecture: Architecture
    public var hiddenSize: Int, layers: Int, heads: Int, kvHeads: Int, intermediateSize: Int
    public var vocabularySize: Int, maxPositions: Int
    public var normEpsilon: Double

    public var norm: Norm { architecture == .bert ? .layerNorm : .rmsNorm }
    public var placement: NormPlacement { architecture == .bert ? .post : .pre }
    public var feedForward: FeedForward { architecture == .bert ? .gelu : .swiglu }
    public var causal: Bool { architecture == .llama }
    public var positions: Positions

    public var headDim: Int { hiddenSize / heads }

    public init(architecture: Architecture, hiddenSize: Int, layers: Int, heads: Int, kvHeads: Int? = nil, intermediateSize: Int,
                vocabularySize: Int, maxPositions: Int, normEpsilon: Double, ropeTheta: Double = 10_000) {
        self.architecture = architecture
        (self.hiddenSize, self.layers, self.heads, self.kvHeads) = (hiddenSize, layers, heads, kvHeads ?? heads)
        (self.intermediateSize, self.vocabularySize, self.maxPositions, self.normEpsilon) = (intermediateSize, vocabularySize, maxPositions, normEpsilon)
        positions = architecture == .bert ? .learned : .rotary(theta: ropeTheta)
    }

    /// Reads a Hugging Face `config.json` (model_type bert or llama).
    public init(file path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ModelError("cannot read \(path)") }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { throw ModelError("\(path) is not a JSON object") }
        let type = (json["model_type"] as? String) ?? "(none)"
        guard let arch = Architecture(rawValue: type) else {
            throw ModelError("\(path): unknown architecture model_type '\(type)' (known: bert, llama)")
        }
        func int(_ key: String, _ fallback: Int? = nil) throws -> Int {
            if let v = json[key] as? Int { return v }
            if let f = fallback { return f }
            throw ModelError("\(path): no integer '\(key)'")
        }
        let hidden = try int("hidden_size"), heads = try int("num_attention_heads")
        let eps = (json[arch == .bert ? "layer_norm_eps" : "rms_norm_eps"] as? Double) ?? (arch == .bert ? 1e-12 : 1e-6)
        self.init(architecture: arch, hiddenSize: hidden, layers: try int("num_hidden_layers"), heads: heads,
                  kvHeads: try int("num_key_value_heads", heads), intermediateSize: try int("intermediate_size"),
                  vocabularySize: try int("vocab_size"), maxPositions: try int("max_position_embeddings", 2048), normEpsilon: eps,
                  ropeTheta: (json["rope_theta"] as? Double) ?? 10_000)
        if arch == .bert, let act = json["hidden_act"] as? String, act != "gelu" {
            throw ModelError("\(path): hidden_act '\(act)' is not supported (bert: gelu)")
        }
        if arch == .bert, let pos = json["position_embedding_type"] as? String, pos != "absolute" {
            throw ModelError("\(path): position_embedding_type '\(pos)' is not supported (absolute)")
        }
        try validate(path)
    }

    func validate(_ path: String) throws {
        guard hiddenSize > 0, layers > 0, heads > 0, kvHeads > 0, intermediateSize > 0, vocabularySize > 0, maxPositions > 0 else {
            throw ModelError("\(path): sizes must be positive")
        }
        guard hiddenSize % heads == 0 else { throw ModelError("\(path): hidden_size \(hiddenSize) is not a multiple of \(heads) heads") }
        guard heads % kvHeads == 0 else { throw ModelError("\(path): \(heads) heads is not a multiple of \(kvHeads) key/value heads") }
        if case .rotary = positions, headDim % 2 != 0 { throw ModelError("\(path): rotary positions need an even head size (\(headDim))") }
    }
}
