import Foundation
import KLLMGolden
import KLLMModel
import Randomness
import XCTest

/// A Llama-style decoder runs through the same forward as BERT: a checkpoint
/// written here (config.json + model.safetensors, grouped key/value heads),
/// checked against a plain loop implementation of RMSNorm, RoPE, causal
/// attention and SwiGLU; and a broken folder is one clear error.
final class DecoderTests: XCTestCase {
    let (d, heads, kvHeads, ff, vocab, layers) = (16, 4, 2, 24, 50, 2)

    func writeCheckpoint(_ rng: inout SeededRandom) throws -> (String, [String: Matrix]) {
        var tensors: [String: Matrix] = [:]
        func add(_ name: String, _ rows: Int, _ cols: Int, std: Float = 0.3, mean: Float = 0) {
            tensors[name] = Matrix.gaussian(rows: rows, cols: cols, std: std, rng: &rng).map { $0 + mean }
        }
        let kv = kvHeads * (d / heads)
        add("model.embed_tokens.weight", vocab, d, std: 1)
        for i in 0..<layers {
            let p = "model.layers.\(i)."
            add(p + "self_attn.q_proj.weight", d, d); add(p + "self_attn.k_proj.weight", kv, d)
            add(p + "self_attn.v_proj.weight", kv, d); add(p + "self_attn.o_proj.weight", d, d)
            add(p + "mlp.gate_proj.weight", ff, d); add(p + "mlp.up_proj.weight", ff, d); add(p + "mlp.down_proj.weight", d, ff)
            add(p + "input_layernorm.weight", 1, d, std: 0.1, mean: 1); add(p + "post_attention_layernorm.weight", 1, d, std: 0.1, mean: 1)
        }
        add("model.norm.weight", 1, d, std: 0.1, mean: 1)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kllm-decoder-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let config = """
        {"model_type": "llama", "hidden_size": \(d), "num_hidden_layers": \(layers), "num_attention_heads": \(heads),
         "num_key_value_heads": \(kvHeads), "intermediate_size": \(ff), "vocab_size": \(vocab), "max_position_embeddings": 64,
         "rms_norm_eps": 1e-6, "rope_theta": 10000.0}
        """
        try config.write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        let file = SafeTensorsFile.encode(tensors.keys.sorted().map { n in
            let m = tensors[n]!
            return (n, m.rows == 1 ? [m.cols] : [m.rows, m.cols], m.data)
        })
        try file.write(to: URL(fileURLWithPath: dir + "/model.safetensors"))
        return (dir, tensors)
    }

    /// Llama by the book, one token at a time, in Double.
    func plainForward(_ t: [String: Matrix], ids: [Int]) -> [[Double]] {
        let dh = d / heads, group = heads / kvHeads
        func rms(_ x: [Double], _ g: Matrix) -> [Double] {
            let ms = x.reduce(0) { $0 + $1 * $1 } / Double(x.count)
            return x.indices.map { x[$0] / (ms + 1e-6).squareRoot() * Double(g.data[$0]) }
        }
        func mul(_ w: Matrix, _ x: [Double]) -> [Double] { (0..<w.rows).map { r in (0..<w.cols).reduce(0) { $0 + Double(w[r, $1]) * x[$1] } } }
        func rope(_ v: [Double], _ pos: Int, _ nHeads: Int) -> [Double] {
            var out = v
            for h in 0..<nHeads {
                for i in 0..<(dh / 2) {
                    let a = Double(pos) * pow(10_000, -2 * Double(i) / Double(dh))
                    let (x1, x2) = (v[h * dh + i], v[h * dh + i + dh / 2])
                    out[h * dh + i] = x1 * cos(a) - x2 * sin(a)
                    out[h * dh + i + dh / 2] = x2 * cos(a) + x1 * sin(a)
                }
            }
            return out
        }
        var xs = ids.map { id in (0..<d).map { Double(t["model.embed_tokens.weight"]![id, $0]) } }
        for l in 0..<layers {
            let p = "model.layers.\(l)."
            let h = xs.map { rms($0, t[p + "input_layernorm.weight"]!) }
            let q = h.enumerated().map { rope(mul(t[p + "self_attn.q_proj.weight"]!, $1), $0, heads) }
            let k = h.enumerated().map { rope(mul(t[p + "self_attn.k_proj.weight"]!, $1), $0, kvHeads) }
            let v = h.map { mul(t[p + "self_attn.v_proj.weight"]!, $0) }
            for i in xs.indices {
                var ctx = [Double](repeating: 0, count: d)
                for hd in 0..<heads {
                    let kh = hd / group
                    let s = (0...i).map { j in (0..<dh).reduce(0.0) { $0 + q[i][hd * dh + $1] * k[j][kh * dh + $1] } / Double(dh).squareRoot() }
                    let e = s.map { exp($0 - s.max()!) }, z = e.reduce(0, +)
                    for c in 0..<dh { ctx[hd * dh + c] = (0...i).reduce(0.0) { $0 + e[$1] / z * v[$1][kh * dh + c] } }
                }
                let o = mul(t[p + "self_attn.o_proj.weight"]!, ctx)
                xs[i] = zip(xs[i], o).map(+)
                let f = rms(xs[i], t[p + "post_attention_layernorm.weight"]!)
                let g = mul(t[p + "mlp.gate_proj.weight"]!, f), u = mul(t[p + "mlp.up_proj.weight"]!, f)
                let down = mul(t[p + "mlp.down_proj.weight"]!, zip(g, u).map { $0 / (1 + exp(-$0)) * $1 })
                xs[i] = zip(xs[i], down).map(+)
            }
        }
        return xs.map { rms($0, t["model.norm.weight"]!) }
    }

    func testDecoderCheckpointMatchesPlainLlama() throws {
        var rng = SeededRandom(seed: 11)
        let (dir, tensors) = try writeCheckpoint(&rng)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let folder = try ModelFolder(path: dir)
        XCTAssertNil(folder.tokenizer)
        XCTAssertEqual(folder.config.feedForward, .swiglu)
        XCTAssertTrue(folder.config.causal)
        let sequences = [[3, 17, 42, 8, 8, 1], [5, 9]]
        var path = FloatPath()
        let got = try folder.transformer.hiddenStates(sequences, path: &path)
        for (s, ids) in sequences.enumerated() {
            let want = plainForward(tensors, ids: ids)
            for t in ids.indices {
                for c in 0..<d { XCTAssertEqual(Double(got[s][t, c]), want[t][c], accuracy: 1e-3, "sequence \(s) token \(t) feature \(c)") }
            }
        }
        // Causal: a token's state does not depend on later tokens.
        let prefix = try folder.transformer.hiddenStates([[3, 17, 42]], path: &path)[0]
        for t in 0..<3 { for c in 0..<d { XCTAssertEqual(prefix[t, c], got[0][t, c], accuracy: 1e-5) } }
    }

    func testBrokenFoldersAreOneClearError() throws {
        var rng = SeededRandom(seed: 12)
        let (dir, _) = try writeCheckpoint(&rng)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        XCTAssertTrue(message { _ = try ModelFolder(path: dir + "/nowhere") }.contains("is not a folder"))
        try "{\"model_type\": \"mamba\", \"hidden_size\": 4}".write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        XCTAssertTrue(message { _ = try ModelFolder(path: dir) }.contains("unknown architecture model_type 'mamba'"))
        try FileManager.default.removeItem(atPath: dir + "/model.safetensors")
        XCTAssertTrue(message { _ = try ModelFolder(path: dir) }.contains("has no model.safetensors"))
    }
}
