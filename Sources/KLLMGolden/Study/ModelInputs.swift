import Foundation

/// Real activations for a layer of a real checkpoint, computed from real token ids.
public enum ModelInputs {
    /// Token ids of two English sentences, split by WordPiece with the vocab.txt of
    /// all-MiniLM-L6-v2 (uncased BERT vocabulary; [CLS] = 101, [SEP] = 102).
    /// Calibration: "K-means quantization stores each weight as a small index into a
    /// codebook of centroids, and the accelerator multiplies indices through lookup
    /// tables instead of full-precision numbers."
    public static let calibrationTokens = [
        101, 1047, 1011, 2965, 24110, 3775, 9276, 5324, 2169, 3635, 2004, 1037, 2235, 5950, 2046, 1037, 3642, 8654, 1997, 18120,
        9821, 1010, 1998, 1996, 23468, 4800, 24759, 3111, 29299, 2083, 2298, 6279, 7251, 2612, 1997, 2440, 1011, 11718, 3616, 1012, 102,
    ]
    /// Evaluation: "A sentence embedding model maps every sentence of a document to a
    /// dense vector, so that similar meanings land close together and search can rank
    /// passages by cosine similarity."
    public static let evaluationTokens = [
        101, 1037, 6251, 7861, 8270, 4667, 2944, 7341, 2296, 6251, 1997, 1037, 6254, 2000, 1037, 9742, 9207, 1010, 2061, 2008,
        2714, 15383, 2455, 2485, 2362, 1998, 3945, 2064, 4635, 13768, 2011, 2522, 11493, 2063, 14402, 1012, 102,
    ]

    /// A malformed request: the checkpoint lacks what the activations need.
    public struct Unavailable: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The input of a layer with `inFeatures` inputs, for `tokens`:
    /// - BERT-style encoder (`embeddings.word_embeddings.weight`): the layer-0 input
    ///   LayerNorm(word + position + token-type embeddings), exact for layer 0's
    ///   query/key/value; for the MLP's width (in = intermediate size) GELU of layer
    ///   0's intermediate projection applied to it (attention skipped: an approximation).
    /// - Decoder (`model.embed_tokens.weight`): the embedding through layer 0's RMSNorm.
    public static func activations(_ file: SafeTensorsFile, tokens: [Int], inFeatures: Int) throws -> Matrix {
        if file.entries["embeddings.word_embeddings.weight"] != nil {
            let word = try file.matrix("embeddings.word_embeddings.weight")
            let pos = try file.matrix("embeddings.position_embeddings.weight")
            let type = try file.matrix("embeddings.token_type_embeddings.weight")
            let gamma = try file.tensor("embeddings.LayerNorm.weight").values
            let beta = try file.tensor("embeddings.LayerNorm.bias").values
            let d = word.cols
            var x = Matrix(rows: tokens.count, cols: d)
            for (t, id) in tokens.enumerated() {
                guard id < word.rows, t < pos.rows else { throw Unavailable(description: "token \(id) or position \(t) past the embedding tables") }
                let v = (0..<d).map { word[id, $0] + pos[t, $0] + type[0, $0] }
                let mean = v.reduce(0, +) / Float(d)
                let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(d)
                let inv = 1 / (variance + 1e-12).squareRoot()
                for c in 0..<d { x[t, c] = (v[c] - mean) * inv * gamma[c] + beta[c] }
            }
            if inFeatures == d { return x }
            let name = "encoder.layer.0.intermediate.dense.weight"
            if file.entries[name] != nil {
                let w = try file.matrix(name)
                let b = try file.tensor("encoder.layer.0.intermediate.dense.bias").values
                if w.rows == inFeatures && w.cols == d {
                    return Matrix.linear(x, w).zip(Matrix(rows: x.rows, cols: w.rows, data: (0..<x.rows).flatMap { _ in b })) { Activation.geluExact($0 + $1) }
                }
            }
            throw Unavailable(description: "no activations of width \(inFeatures): the encoder's inputs are \(d) wide (and its MLP's "
                              + "\(file.entries[name]?.shape.first ?? 0)); pick a tensor with one of those in-features")
        }
        if file.entries["model.embed_tokens.weight"] != nil {
            let embed = try file.matrix("model.embed_tokens.weight")
            let gamma = try file.tensor("model.layers.0.input_layernorm.weight").values
            guard inFeatures == embed.cols else {
                throw Unavailable(description: "no activations of width \(inFeatures): the decoder's hidden size is \(embed.cols)")
            }
            var x = Matrix(rows: tokens.count, cols: embed.cols)
            for (t, id) in tokens.enumerated() {
                let v = embed.row(id % embed.rows)
                let rms = (v.map { $0 * $0 }.reduce(0, +) / Float(v.count) + 1e-6).squareRoot()
                for c in 0..<v.count { x[t, c] = v[c] / rms * gamma[c] }
            }
            return x
        }
        throw Unavailable(description: "\(file.path) has neither embeddings.word_embeddings.weight (an encoder) nor "
                          + "model.embed_tokens.weight (a decoder): no real activations to feed the layer")
    }
}
