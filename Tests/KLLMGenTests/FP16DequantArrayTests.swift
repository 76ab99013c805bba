import HDLSim
import KLLMGen
import KLLMGolden
import Randomness
import SimTesting
import XCTest

/// The FP16 dequant-MAC baseline against Swift's Float16/Float arithmetic, cycle by
/// cycle: finite FP16 values of every kind (zeros of both signs, subnormals, the
/// largest normals), cancellation, long and short dot products, gaps, resets.
final class FP16DequantArrayTests: XCTestCase {
    override func setUp() { continueAfterFailure = false }

    /// A finite FP16 bit pattern: often a special case, otherwise any finite value.
    static func finiteHalf(_ rng: inout SeededRandom) -> UInt16 {
        let sign = UInt16(rng.below(2)) << 15
        switch rng.below(10) {
        case 0: return sign                                            // ±0
        case 1: return sign | UInt16(1 + rng.below(0x3FF))             // subnormal
        case 2: return sign | 0x7BFF                                   // largest normal
        case 3: return sign | 0x3C00                                   // 1.0
        default: return sign | UInt16(rng.below(0x7C00))               // any finite magnitude
        }
    }

    static func run(rows: Int, cols: Int, wbits: Int, outRows: Int? = nil, beats: Int, seed: UInt64,
                    backend: SimBackend = .fromEnvironment) throws {
        let gen = try FP16DequantArrayGenerator(rows: rows, cols: cols, weightBits: wbits, outRows: outRows)
        let sim = try makeSimulator(gen.build(), backend: backend)
        var rng = SeededRandom(seed: seed)
        let perBeat = outRows ?? rows
        let ctx = "kllm_fp16_dequant_array ROWS=\(rows) COLS=\(cols) WBITS=\(wbits) OUT_ROWS=\(perBeat) seed \(seed) on \(backend)"
        try sim.zeroInputs()
        try sim.reset()
        let codebook = (0..<(1 << wbits)).map { _ in finiteHalf(&rng) }
        for (i, v) in codebook.enumerated() {
            try sim.poke("cb_we", 1)
            try sim.poke("cb_waddr", UInt64(i))
            try sim.poke("cb_wdata", UInt64(v))
            sim.step()
        }
        try sim.poke("cb_we", 0)
        try runArrayStream(sim, &rng, beats: beats, long: 50...249, latency: FP16DequantArrayGenerator.latency, rows: rows, outRows: perBeat,
                           context: ctx, drive: { rng -> (w: [Int], a: [UInt16]) in
            let wi = (0..<rows).map { _ in rng.below(1 << wbits) }
            // Narrow activation ranges at times, so sums cancel and round often.
            let ai = (0..<cols).map { _ in rng.chance(0.3) ? UInt16(rng.below(2)) << 15 | 0x3C00 | UInt16(rng.below(8)) : finiteHalf(&rng) }
            try sim.poke("w_idx", words: pack(wi.map(Int64.init), width: wbits))
            try sim.poke("a", words: pack(ai.map(Int64.init), width: 16))
            if rng.chance(0.1) {   // table-port garbage while cb_we is 0
                try sim.poke("cb_waddr", UInt64(rng.below(1 << wbits)))
                try sim.poke("cb_wdata", UInt64(rng.below(1 << 16)))
            }
            return (wi, ai)
        }, expected: { taken in
            BlockModels.fp16DequantMatMul(codebook: codebook, wIdx: taken.map(\.w), a: taken.map(\.a)).map { $0.map { Int64($0) } }
        }, width: 32)
    }

    func testFourByFour() throws { try Self.run(rows: 4, cols: 4, wbits: 4, beats: 20000, seed: SeededRandom.testSeed(701)) }
    func testRowBeats() throws { try Self.run(rows: 6, cols: 3, wbits: 2, outRows: 2, beats: 20000, seed: SeededRandom.testSeed(702)) }
    func testOnIR() throws { try Self.run(rows: 2, cols: 2, wbits: 3, beats: 3000, seed: SeededRandom.testSeed(703), backend: .ir) }

    /// The golden model itself against hand-worked cases: rounding to even, -0 + -0, cancellation to +0.
    func testModelRoundingCases() {
        func bits(_ f: Float16) -> UInt16 { f.bitPattern }
        // 1 + 2^-24 rounds to 1 (tie to even); then + 2^-24 again, still 1.
        let cb = [bits(1), bits(Float16(0.000_000_059_604_645))]   // 1.0 and 2^-24 (a subnormal)
        var r = BlockModels.fp16DequantMatMul(codebook: cb, wIdx: [[0], [1], [1]], a: [[bits(1)], [bits(1)], [bits(1)]])
        XCTAssertEqual(r[0][0], Float(1).bitPattern)
        r = BlockModels.fp16DequantMatMul(codebook: [bits(-0.0)], wIdx: [[0], [0]], a: [[bits(1)], [bits(1)]])
        XCTAssertEqual(r[0][0], (-Float(0)).bitPattern)
        r = BlockModels.fp16DequantMatMul(codebook: [bits(1), bits(-1)], wIdx: [[0], [1]], a: [[bits(3)], [bits(3)]])
        XCTAssertEqual(r[0][0], Float(0).bitPattern)
    }
}
