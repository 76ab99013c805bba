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
        let perBeat = outRows ?? rows, groups = rows / perBeat
        let ctx = "kllm_mac_array ROWS=\(rows) COLS=\(cols) W_W=\(ww) A_W=\(aw) ACC_W=\(accW) OUT_ROWS=\(perBeat) seed \(seed) on \(backend)"
        try sim.zeroInputs()
        try sim.reset()
        let out = OutputSchedule()
        var cycle = 0, sent = 0, results = 0
        while sent < beats {
            let k = rng.chance(0.05) ? 100 + rng.below(200) : 1 + rng.below(6)
            var w: [[Int64]] = [], a: [[Int64]] = []
            var beat = 0
            while beat < k {
                if rng.chance(0.002) { cycle += try injectReset(sim, out, &rng); break }
                let present = rng.chance(0.75)
                let wi = (0..<rows).map { _ in rng.signedWithExtremes(width: ww) }
                let ai = (0..<cols).map { _ in rng.signedWithExtremes(width: aw) }
                try sim.poke("in_valid", present ? 1 : 0)
                try sim.poke("in_first", present ? (beat == 0 ? 1 : 0) : UInt64(rng.below(2)))
                try sim.poke("in_last", present ? (beat == k - 1 ? 1 : 0) : UInt64(rng.below(2)))
                try sim.poke("w", words: pack(wi, width: ww))
                try sim.poke("a", words: pack(ai, width: aw))
                let ready = try sim.peek("in_ready") == 1
                guard try out.check(sim, cycle: cycle, context: ctx) else { return }
                sim.step()
                if present && ready {
                    w.append(wi); a.append(ai)
                    beat += 1; sent += 1
                    if beat == k {
                        let res = BlockModels.macArray(w: w, a: a, accWidth: accW)
                        for g in 0..<groups {
                            var ports: [(name: String, words: [UInt64])] = [("out_acc", pack(Array(res[(g * perBeat)..<((g + 1) * perBeat)]).flatMap { $0 }, width: accW))]
                            if groups > 1 { ports.append(("out_row", [UInt64(g * perBeat)])) }
                            out.expect(at: cycle + MACArrayGenerator.latency + g, .init(ports: ports, note: "result \(results)"))
                        }
                        results += 1
                    }
                }
                cycle += 1
            }
        }
        try sim.poke("in_valid", 0)
        for _ in 0..<(groups + 4) {
            guard try out.check(sim, cycle: cycle, context: ctx) else { return }
            sim.step(); cycle += 1
        }
        XCTAssertEqual(out.checked + out.dropped, results * groups, ctx)
    }

    func testINT4() throws { try Self.run(rows: 8, cols: 8, ww: 4, aw: 4, accW: 32, beats: 20000, seed: SeededRandom.testSeed(601)) }
    func testINT8WithRowBeatsAndWrap() throws {
        try Self.run(rows: 6, cols: 3, ww: 8, aw: 8, accW: 16, outRows: 2, beats: 20000, seed: SeededRandom.testSeed(602))
    }
    func testOnIR() throws { try Self.run(rows: 3, cols: 2, ww: 3, aw: 5, accW: 9, beats: 3000, seed: SeededRandom.testSeed(603), backend: .ir) }
}
