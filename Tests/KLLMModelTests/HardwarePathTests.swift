import BitVector
import KLLMGolden
import Randomness
import XCTest
@testable import KLLMModel

/// The hardware path's layers: their sums equal the bit-exact kllm_linear model
/// tile by tile, the error feedback lowers the output error it targets, and a
/// whole (small) model through the path stays close to FP32 only when wide.
final class HardwarePathTests: XCTestCase {
    func layer(_ rows: Int, _ cols: Int, _ rng: inout SeededRandom) -> LinearLayer {
        LinearLayer(name: "test.layer", role: .up, block: 0, weight: .gaussian(rows: rows, cols: cols, std: 0.2, rng: &rng),
                    bias: (0..<rows).map { _ in Float(rng.gaussian()) })
    }

    func testSumsEqualBitExactModelPerTile() throws {
        let seed = SeededRandom.testSeed(21)
        var rng = SeededRandom(seed: seed)
        let cases: [(rows: Int, cols: Int, settings: [String])] = [
            (40, 24, []),                                                            // partial last tile, paper scheme
            (32, 48, ["codebook=per-tile", "TOPK=5", "DATA_W=12", "CW_W=10", "S_W=9", "ACC_W=30"]),  // sums wrap at ACC_W
            (16, 16, ["WBITS=3", "ABITS=5", "TOPK=0", "scale=rms", "sensitivity=on", "gptq=on", "skip-outliers=on"]),
            (8, 40, ["TOPK=64", "N=4", "DATA_W=16", "CW_W=16", "S_W=16", "ACC_W=48"]),   // every position an outlier
        ]
        for c in cases {
            var scheme = QuantScheme(name: "test")
            for s in c.settings { try scheme.set(s) }
            let l = layer(c.rows, c.cols, &rng)
            var x = Matrix.gaussian(rows: 12, cols: c.cols, std: 1, rng: &rng)
            x[3, 5] = 40; x[7, 0] = -25                                             // outliers past the calibration's range saturate
            let q = QuantizedLinear(l, scheme: scheme, calibration: Matrix.gaussian(rows: 20, cols: c.cols, std: 1, rng: &rng))
            let inputs = q.fixedInputs(x)
            let fast = q.accumulators(inputs)
            let float = q.run(x)
            for (t, tile) in q.tiles.enumerated() {
                let tables = q.paddedTables(t)
                XCTAssertEqual(tables.weights.count, q.geometry.tileRows)
                for (v, xv) in inputs.enumerated() {
                    let m = LinearModel.run(xv, tables, topK: q.geometry.topK, accWidth: q.geometry.accWidth, scaleWidth: q.geometry.scaleWidth)
                    for (j, r) in tile.rows.enumerated() {
                        XCTAssertEqual(fast[v][r], m.acc[j], "seed \(seed) \(c.settings) tile \(t) vector \(v) row \(r)")
                        let unit = pow(2.0, -Double(q.dataFormat.fracBits + tile.weightFormat.fracBits + tile.scaleFormat.fracBits))
                        let y = Double(m.y[j].signedValue) * unit + Double(q.bias[r])
                        XCTAssertEqual(Double(float[v, r]), y, accuracy: 1e-5 * max(1, abs(y)), "seed \(seed) \(c.settings) row \(r)")
                    }
                }
            }
        }
    }

    func testErrorFeedbackLowersOutputErrorOnCalibration() throws {
        var rng = SeededRandom(seed: SeededRandom.testSeed(22))
        let l = layer(24, 32, &rng)
        // Correlated inputs: where error feedback has something to exploit.
        let base = Matrix.gaussian(rows: 200, cols: 8, std: 1, rng: &rng)
        let mix = Matrix.gaussian(rows: 32, cols: 8, std: 1, rng: &rng)
        let x = Matrix.linear(base, mix).zip(Matrix.gaussian(rows: 200, cols: 32, std: 0.1, rng: &rng), +)
        func error(_ gptq: Bool) throws -> Double {
            var s = QuantScheme(name: "t")
            for v in ["WBITS=3", "ABITS=8", "TOPK=64", "DATA_W=16", "CW_W=16", "S_W=16", "ACC_W=48", "gptq=\(gptq ? "on" : "off")"] { try s.set(v) }
            let q = QuantizedLinear(l, scheme: s, calibration: x)
            return Metrics.nmse(q.run(x).data, Kernels.linear(x, l.weight, bias: l.bias).data)
        }
        let (plain, feedback) = (try error(false), try error(true))
        XCTAssertLessThan(feedback, 0.8 * plain, "GPTQ \(feedback) vs nearest \(plain)")
    }

    func testCholeskyFactorsInverseHessian() {
        var rng = SeededRandom(seed: 23)
        let x = Matrix.gaussian(rows: 30, cols: 6, std: 1, rng: &rng)
        let u = ErrorFeedback.inverseHessianFactor(x, damping: 0.01)
        // UᵀU · H = I
        var h = [Double](repeating: 0, count: 36), mean = 0.0
        for i in 0..<6 { for j in 0..<6 { h[i * 6 + j] = (0..<30).reduce(0.0) { $0 + Double(x[$1, i]) * Double(x[$1, j]) } / 30 } }
        for i in 0..<6 { mean += h[i * 6 + i] / 6 }
        for i in 0..<6 { h[i * 6 + i] += 0.01 * mean }
        for i in 0..<6 {
            for j in 0..<6 {
                let hinvH = (0..<6).reduce(0.0) { acc, m in acc + (0..<6).reduce(0.0) { $0 + u[$1 * 6 + i] * u[$1 * 6 + m] } * h[m * 6 + j] }
                XCTAssertEqual(hinvH, i == j ? 1 : 0, accuracy: 1e-9)
            }
        }
    }

    func testSettingsAndCatalogue() throws {
        XCTAssertEqual(SchemeCatalog.all.count, SchemeCatalog.steps.count)
        XCTAssertEqual(SchemeCatalog.variantSchemes.count, SchemeCatalog.variants.count)
        XCTAssertEqual(SchemeCatalog.final.weightBits, 6)
        XCTAssertEqual(try SchemeCatalog.named("paper").dataWidth, 8)
        var s = QuantScheme(name: "t")
        try s.set("rule=down+up@1,2:A8,K16")
        let rule = try XCTUnwrap(s.rules.first)
        XCTAssertEqual(rule.roles, [.down, .up]); XCTAssertEqual(rule.blocks, [1, 2]); XCTAssertEqual(rule.activationBits, 8); XCTAssertEqual(rule.topK, 16)
        for bad in ["WBITS=9", "codebook=per-row", "rule=mlp:A8", "rule=down:X3", "nonsense", "gelu=0"] {
            XCTAssertThrowsError(try s.set(bad), bad) { e in XCTAssertFalse("\(e)".isEmpty) }
        }
        XCTAssertThrowsError(try SchemeCatalog.named("fastest")) { e in XCTAssertTrue("\(e)".contains("known: paper, final")) }
    }

    func testSpearmanAndPairs() throws {
        XCTAssertEqual(Similarity.spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1, accuracy: 1e-12)
        XCTAssertEqual(Similarity.spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1, accuracy: 1e-12)
        XCTAssertEqual(Similarity.ranks([5, 1, 5, 2]), [3.5, 1, 3.5, 2])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kllm-pairs-\(UUID().uuidString).tsv").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "# header\nA cat.\tA dog.\n\nOne field only\n".write(toFile: dir, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try EvaluationSet.readPairs(dir)) { e in XCTAssertTrue("\(e)".contains(":4: expected two tab-separated sentences"), "\(e)") }
        try "A cat.\tA dog.\nA dog.\tA bird.\n".write(toFile: dir, atomically: true, encoding: .utf8)
        let set = EvaluationSet(pairs: try EvaluationSet.readPairs(dir), texts: ["A bird."])
        XCTAssertEqual(set.sentences, ["A bird.", "A cat.", "A dog."])
    }
}
