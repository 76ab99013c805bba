import HDLSim
import KLLMGen
import KLLMGolden
import Randomness
import SimTesting
import XCTest

/// The MAC-array baselines against their model, cycle by cycle, with the index
/// MatMul's stream: gaps, back-to-back dot products, resets, extremes.
final class MACArrayTests: XCTestCase {
    override func setUp() { continueAfterFailure = false }

    static func run(rows: Int, cols: Int, ww: Int, aw: Int, accW: Int, outRows: Int? = nil, beats: Int, seed: UInt64,
                    backend: SimBackend = .fromEnvironment) throws {
        let gen = try MACArrayGenerator(rows: rows, cols: cols, weightWidth: ww, activationWidth: aw, accWidth: accW, outRows: outRows)
        let sim = try makeSimulator(gen.build(), backend: backend)
        var rng = SeededRandom(seed: seed)
        let perBeat = outRows ?? rows
        let ctx = "kllm_mac_array ROWS=\(rows) COLS=\(cols) W_W=\(ww) A_W=\(aw) ACC_W=\(accW) OUT_ROWS=\(perBeat) seed \(seed) on \(backend)"
        try sim.zeroInputs()
        try sim.reset()
        try runArrayStream(sim, &rng, beats: beats, long: 100...299, latency: MACArrayGenerator.latency, rows: rows, outRows: perBeat,
                           context: ctx, drive: { rng -> (w: [Int64], a: [Int64]) in
            let wi = (0..<rows).map { _ in rng.signedWithExtremes(width: ww) }
            let ai = (0..<cols).map { _ in rng.signedWithExtremes(width: aw) }
            try sim.poke("w", words: pack(wi, width: ww))
            try sim.poke("a", words: pack(ai, width: aw))
            return (wi, ai)
        }, expected: { taken in
            BlockModels.macArray(w: taken.map(\.w), a: taken.map(\.a), accWidth: accW)
        }, width: accW)
    }

    func testINT4() throws { try Self.run(rows: 8, cols: 8, ww: 4, aw: 4, accW: 32, beats: 20000, seed: SeededRandom.testSeed(601)) }
    func testINT8WithRowBeatsAndWrap() throws {
        try Self.run(rows: 6, cols: 3, ww: 8, aw: 8, accW: 16, outRows: 2, beats: 20000, seed: SeededRandom.testSeed(602))
    }
    func testOnIR() throws { try Self.run(rows: 3, cols: 2, ww: 3, aw: 5, accW: 9, beats: 3000, seed: SeededRandom.testSeed(603), backend: .ir) }
}
