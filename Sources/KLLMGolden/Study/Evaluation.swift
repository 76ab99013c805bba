import Foundation
import Randomness

/// One line of the evaluation table.
public struct EvalRow: Sendable {
    public let method: String
    public let bits: String
    public let layer: String
    public let nmse: Double
    public let cosine: Double
}

/// The study: each projection quantized on the FP32 path's own input (isolating
/// that layer's error) and the whole block run quantized end to end, against FP32.
public enum Evaluation {
    /// Sizes, bits and seed of a study run.
    public struct Config: Sendable {
        public var bits = 4
        public var topK = 4
        public var seed: UInt64 = 1
        public var tokens = 32
        public var dModel = 128
        public var heads = 4
        public var dFF = 256
        public var outlierChannels = 4
        public init() {}
    }

    /// The methods compared at `bits` (and 3 bits when bits is 4).
    public static func methods(bits: Int, topK: Int) -> [QuantMethod] {
        var m: [QuantMethod] = [.uniform(bits: bits), .kmeans(bits: bits), .kmeansOutliers(bits: bits, topK: topK)]
        if bits == 4 { m += [.uniform(bits: 3), .kmeans(bits: 3), .kmeansOutliers(bits: 3, topK: topK)] }
        return m
    }

    /// Rows for the synthetic decoder block.
    public static func decoderStudy(_ c: Config) -> [EvalRow] {
        var rng = SeededRandom(seed: c.seed)
        let block = DecoderBlock(dModel: c.dModel, heads: c.heads, dFF: c.dFF, rng: &rng)
        let x = DecoderBlock.syntheticActivations(tokens: c.tokens, dModel: c.dModel, outlierChannels: c.outlierChannels, rng: &rng)
        let ref = block.forward(x, method: .fp32)
        var rows: [EvalRow] = []
        for method in methods(bits: c.bits, topK: c.topK) {
            let bits = method.bits.map(String.init) ?? "32"
            let weights = [block.wq, block.wk, block.wv, block.wo, block.wGate, block.wUp, block.wDown]
            for (i, p) in ref.projections.enumerated() {
                let y = method.linear(p.input, weights[i])
                rows.append(EvalRow(method: method.description, bits: bits, layer: p.name,
                                    nmse: Metrics.nmse(y.data, p.output.data), cosine: Metrics.cosine(y.data, p.output.data)))
            }
            let out = block.forward(x, method: method).output
            rows.append(EvalRow(method: method.description, bits: bits, layer: "block output",
                                nmse: Metrics.nmse(out.data, ref.output.data), cosine: Metrics.cosine(out.data, ref.output.data)))
        }
        return rows
    }

    /// Rows for one real weight matrix (out × in) applied to synthetic LLM-like activations.
    public static func weightStudy(_ w: Matrix, name: String, _ c: Config) -> [EvalRow] {
        var rng = SeededRandom(seed: c.seed)
        let x = DecoderBlock.syntheticActivations(tokens: c.tokens, dModel: w.cols, outlierChannels: c.outlierChannels, rng: &rng)
        let ref = Matrix.linear(x, w)
        return methods(bits: c.bits, topK: c.topK).map { m in
            let y = m.linear(x, w)
            return EvalRow(method: m.description, bits: m.bits.map(String.init) ?? "32", layer: name,
                           nmse: Metrics.nmse(y.data, ref.data), cosine: Metrics.cosine(y.data, ref.data))
        }
    }

    /// The rows as an aligned text table.
    public static func table(_ rows: [EvalRow]) -> String {
        let header = ["method", "bits", "layer", "NMSE", "cosine"]
        let cells = rows.map { [$0.method, $0.bits, $0.layer, String(format: "%.3e", $0.nmse), String(format: "%.5f", $0.cosine)] }
        let widths = (0..<header.count).map { i in ([header[i]] + cells.map { $0[i] }).map(\.count).max()! }
        func line(_ r: [String]) -> String {
            r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + cells.map(line))
            .joined(separator: "\n") + "\n"
    }
}
