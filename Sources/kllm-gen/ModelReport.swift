import Foundation
import KLLMGen
import KLLMGolden
import KLLMModel

/// The text report of `kllm-gen model`: accuracy against FP32, the tables'
/// formats, and the cycles of every layer on one kllm_linear tile.
enum ModelReport {
    /// Index bits per weight and per activation, averaged over the layers by
    /// weight count and by input length; an outlier counts its DATA_W bits.
    static func averageBits(_ model: Transformer, _ scheme: QuantScheme) -> (weight: Double, activation: Double) {
        var wBits = 0.0, wCount = 0.0, aBits = 0.0, aCount = 0.0
        for layer in model.weights.blocks.flatMap(\.linears) {
            let g = scheme.geometry(for: layer)
            let (n, k) = (Double(layer.weight.rows), Double(layer.weight.cols))
            wBits += n * k * Double(g.weightBits); wCount += n * k
            let outliers = Double(min(2 * g.topK, layer.weight.cols))
            aBits += (k - outliers) * Double(g.activationBits) + outliers * Double(g.dataWidth); aCount += k
        }
        return (wBits / wCount, aBits / aCount)
    }

    /// The kllm_linear generator of a layer's tiles (checks the parameters).
    static func generator(_ q: QuantizedLinear) throws -> LinearGenerator {
        let g = q.geometry
        return try LinearGenerator(rows: g.tileRows, inputs: q.inFeatures, lanes: g.lanes, weightBits: g.weightBits, activationBits: g.activationBits,
                                   dataWidth: g.dataWidth, weightWidth: g.weightWidth, scaleWidth: g.scaleWidth, accWidth: g.accWidth,
                                   topK: g.topK, outLanes: g.tileRows % 4 == 0 ? 4 : 1)
    }

    /// Cycles of one layer for a sentence of `tokens` tokens on one tile: per tile the
    /// table writes (Cw and Ca only when they change, s, w), the product-table rebuild
    /// after a Cw/Ca write, the vectors at the RTL's interval, and the latency and
    /// output beats of the last one.
    static func layerCycles(_ q: QuantizedLinear, _ gen: LinearGenerator, tokens: Int, perTileCodebook: Bool) -> Int {
        let g = q.geometry
        let codebookWrites = (1 << g.weightBits) + (1 << g.activationBits) + (1 << g.activationBits) - 1
        let rebuild = 1 << (g.weightBits + g.activationBits)
        let perTile = g.tileRows + g.tileRows * gen.beats + tokens * gen.interval + gen.latency + gen.outputBeats
        let tableChanges = perTileCodebook ? q.tiles.count : 1
        return q.tiles.count * perTile + tableChanges * (codebookWrites + rebuild)
    }

    static func print(_ c: ModelComparison, scheme: QuantScheme, model: Transformer, path: HardwarePath, tokenCounts: [Int]) throws {
        let out = { (s: String) in Swift.print(s) }
        out("scheme: \(scheme.name): \(scheme)")
        if scheme.geluIndexBits == nil { out("host (float): embeddings, softmax, LayerNorm/RMSNorm, GELU/SiLU, residual adds, bias, y = s*acc to float") }
        else { out("host (float): embeddings, softmax, norms, residual adds, bias; GELU through a kllm_lut_map table (index domain)") }
        let bits = averageBits(model, scheme)
        out(String(format: "average bits: %.2f per weight, %.2f per activation (outliers at DATA_W)", bits.weight, bits.activation))
        out("")
        let cos = c.cosines
        for (i, s) in c.sentences.enumerated() where c.sentences.count <= 12 || cos[i] < 0.99 {
            out(String(format: "cosine %.5f  %@", cos[i], String(s.prefix(90))))
        }
        if c.sentences.count > 12 { out("(\(c.sentences.count - cos.filter { $0 < 0.99 }.count) sentences at cosine >= 0.99 not listed)") }
        out(String(format: "sentences: %d, mean cosine %.5f, worst %.5f", c.sentences.count, c.meanCosine, c.worstCosine))
        if !c.pairs.isEmpty {
            out(String(format: "pairs: %d, Spearman of the similarity scores vs FP32: %.5f", c.pairs.count, c.spearman))
        }
        out("")
        let meanTokens = Double(tokenCounts.reduce(0, +)) / Double(max(1, tokenCounts.count))
        let tokens = Int(meanTokens.rounded())
        out("cycles on one kllm_linear tile for a sentence of \(tokens) tokens (the set's mean):")
        var total = 0
        var seen = Set<String>()
        for layer in model.weights.blocks.flatMap(\.linears) {
            guard let q = path.layers[layer.name] else { continue }
            let gen = try generator(q)
            let cycles = layerCycles(q, gen, tokens: tokens, perTileCodebook: scheme.weightCodebook == .perTile)
            total += cycles
            let g = q.geometry
            let key = "\(layer.role)-\(g.weightBits)-\(g.activationBits)-\(g.topK)"
            if layer.block == 0 || !seen.contains(key) {
                out("  \(layer.name): \(q.outFeatures)x\(q.inFeatures), \(q.tiles.count) tiles of N=\(g.tileRows) K=\(q.inFeatures) LANES=\(g.lanes) "
                    + "W\(g.weightBits)A\(g.activationBits) TOPK=\(g.topK) (latency \(gen.latency), interval \(gen.interval)): \(cycles) cycles; "
                    + "x \(q.dataFormat), Cw \(q.tiles[0].weightFormat), s \(q.tiles[0].scaleFormat)")
            }
            seen.insert(key)
        }
        out("  whole model: \(total) cycles per sentence of \(tokens) tokens "
            + String(format: "(%.0f per token; %d for the whole set)", Double(total) / Double(max(1, tokens)), total * tokenCounts.count))
    }
}
