import HDLSim
import KLLMGen
import KLLMGolden
import Randomness
import SimTesting
import XCTest

/// The hardware path end to end on real numbers: K-Means codebooks fitted by the
/// golden model, activations and thresholds in fixed point, indices from the
/// kllm_quantizer RTL, the product table in kllm_index_matmul's RTL, and the
/// result checked against the float index MatMul and against FP32.
final class PipelineTests: XCTestCase {
    func testLinearLayerThroughQuantizerAndIndexMatMulRTL() throws {
        let seed = SeededRandom.testSeed(77)
        var rng = SeededRandom(seed: seed)
        let (outCh, tokens, features, bits) = (8, 8, 48, 4)
        let w = Matrix.gaussian(rows: outCh, cols: features, std: 0.2, rng: &rng)
        let x = DecoderBlock.syntheticActivations(tokens: tokens, dModel: features, outlierChannels: 0, rng: &rng)

        let cbW = Codebook.fit(w.data.map(Double.init), bits: bits)
        let cbA = Codebook.fit(x.data.map(Double.init), bits: bits)
        let table = ProductTable(weights: cbW, activations: cbA, width: 16)
        // Activations and thresholds share one 16-bit fixed-point format.
        let fmt = FixedPointFormat.fitting(x.data.map(Double.init) + cbA.thresholds, width: 16)
        let thr = cbA.thresholds.map(fmt.quantize)

        let quantizer = try makeSimulator(QuantizerGenerator(lanes: tokens, dataWidth: 16, indexBits: bits).build())
        let matmul = try makeSimulator(IndexMatMulGenerator(rows: outCh, cols: tokens, weightBits: bits, activationBits: bits).build())
        try quantizer.zeroInputs()
        try matmul.zeroInputs()
        try quantizer.reset()
        try matmul.reset()
        for (j, t) in thr.enumerated() {
            try quantizer.poke("thr_we", 1); try quantizer.poke("thr_waddr", UInt64(j)); try quantizer.poke("thr_wdata", signed: t)
            quantizer.step()
        }
        try quantizer.poke("thr_we", 0)
        for (addr, v) in table.entries.enumerated() {
            try matmul.poke("lut_we", 1); try matmul.poke("lut_waddr", UInt64(addr)); try matmul.poke("lut_wdata", signed: v)
            matmul.step()
        }
        try matmul.poke("lut_we", 0)

        // One beat per feature: the quantizer turns that feature of every token into indices.
        var aIdx: [[Int]] = [], wIdx: [[Int]] = []
        for k in 0..<features {
            let xq = (0..<tokens).map { fmt.quantize(Double(x[$0, k])) }
            try quantizer.poke("in_valid", 1)
            try quantizer.poke("in_data", words: pack(xq, width: 16))
            quantizer.step()
            let bus = try quantizer.peekWords("out_idx")
            let idx = (0..<tokens).map { Int((bus[0] >> UInt64($0 * bits)) & 0xF) }
            XCTAssertEqual(idx, xq.map { BlockModels.quantize($0, thresholds: thr) }, "quantizer RTL vs model, feature \(k), seed \(seed)")
            aIdx.append(idx)
            wIdx.append((0..<outCh).map { cbW.encode(Double(w[$0, k])) })
        }
        for k in 0..<features {
            try matmul.poke("in_valid", 1)
            try matmul.poke("in_first", k == 0 ? 1 : 0)
            try matmul.poke("in_last", k == features - 1 ? 1 : 0)
            try matmul.poke("w_idx", words: pack(wIdx[k], width: bits))
            try matmul.poke("a_idx", words: pack(aIdx[k], width: bits))
            matmul.step()
        }
        try matmul.poke("in_valid", 0)
        matmul.step()
        XCTAssertEqual(try matmul.peek("out_valid"), 1, "result after latency 2")
        let acc = try matmul.peekWords("out_acc")
        var worst = 0.0
        var hw: [Float] = [], ref: [Float] = []
        for r in 0..<outCh {
            for c in 0..<tokens {
                let e = r * tokens + c
                let raw = Int64(Int32(truncatingIfNeeded: acc[e / 2] >> UInt64((e % 2) * 32)))
                let y = table.format.real(raw)
                // The same sum in floating point from the same indices.
                let exact = (0..<features).reduce(0.0) { $0 + cbW.decode(wIdx[$1][r]) * cbA.decode(aIdx[$1][c]) }
                worst = max(worst, abs(y - exact))
                hw.append(Float(y))
                ref.append((0..<features).reduce(Float(0)) { $0 + w[r, $1] * x[c, $1] })
            }
        }
        // Each table entry is off by at most half an LSB of its format.
        XCTAssertLessThanOrEqual(worst, Double(features) * table.format.real(1) / 2 + 1e-12, "seed \(seed)")
        XCTAssertGreaterThan(Metrics.cosine(hw, ref), 0.97, "4-bit K-Means W/A against FP32, seed \(seed)")
    }
}
