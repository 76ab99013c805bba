import BitVector
import HDLSim
import KLLMGen
import KLLMGolden
import Randomness
import SimTesting
import XCTest

/// kllm_lut_map and kllm_quantizer against the golden model, cycle by cycle.
final class ElementwiseBlockTests: XCTestCase {
    override func setUp() { continueAfterFailure = false }

    static func runLutMap(lanes: Int, indexBits: Int, outWidth: Int, beats: Int, seed: UInt64, backend: SimBackend = .fromEnvironment) throws {
        let gen = try LutMapGenerator(lanes: lanes, indexBits: indexBits, outWidth: outWidth)
        let sim = try makeSimulator(gen.build(), backend: backend)
        var rng = SeededRandom(seed: seed)
        let ctx = "kllm_lut_map LANES=\(lanes) IBITS=\(indexBits) OUT_W=\(outWidth) seed \(seed) on \(backend)"
        try sim.zeroInputs()
        try sim.reset()
        var table = (0..<(1 << indexBits)).map { _ in rng.signedWithExtremes(width: outWidth) }
        let out = OutputSchedule()
        var cycle = 0
        func load(_ entries: [Int]) throws {
            for a in entries {
                try sim.poke("tab_we", 1)
                try sim.poke("tab_waddr", UInt64(a))
                try sim.poke("tab_wdata", signed: table[a])
                XCTAssertTrue(try out.check(sim, cycle: cycle, context: ctx))
                sim.step(); cycle += 1
            }
            try sim.poke("tab_we", 0)
        }
        try load(Array(0..<(1 << indexBits)))
        var sent = 0
        while sent < beats {
            if sent > 0 && sent % 3000 == 0 && out.isEmpty {
                // Table reload between runs (idle block), some entries only.
                let some = (0..<(1 << indexBits)).filter { _ in rng.chance(0.5) }
                for a in some { table[a] = rng.signedWithExtremes(width: outWidth) }
                try load(some)
            }
            if rng.chance(0.002) { cycle += try injectReset(sim, out, &rng) }
            let valid = rng.chance(0.75)
            let idx = (0..<lanes).map { _ in rng.below(1 << indexBits) }
            try sim.poke("in_valid", valid ? 1 : 0)
            try sim.poke("in_idx", words: pack(idx, width: indexBits))
            guard try out.check(sim, cycle: cycle, context: ctx) else { return }
            sim.step()
            if valid {
                let expect = BlockModels.lutMap(table: table, indices: idx)
                out.expect(at: cycle + LutMapGenerator.latency, .init(ports: [("out_val", pack(expect, width: outWidth))], note: "beat \(sent)"))
                sent += 1
            }
            cycle += 1
        }
        guard try out.drain(sim, from: cycle, context: ctx) else { return }
        XCTAssertTrue(out.isEmpty)
        XCTAssertGreaterThan(out.checked, beats * 9 / 10)
    }

    func testLutMapDefaults() throws { try Self.runLutMap(lanes: 8, indexBits: 4, outWidth: 16, beats: 40000, seed: SeededRandom.testSeed(11)) }
    func testLutMapOddSizes() throws { try Self.runLutMap(lanes: 3, indexBits: 3, outWidth: 5, beats: 30000, seed: SeededRandom.testSeed(12)) }
    func testLutMapWide() throws { try Self.runLutMap(lanes: 5, indexBits: 8, outWidth: 32, beats: 30000, seed: SeededRandom.testSeed(13)) }

    static func runQuantizer(lanes: Int, dataWidth: Int, indexBits: Int, stages: Int = 1, beats: Int, seed: UInt64,
                             backend: SimBackend = .fromEnvironment) throws {
        let gen = try QuantizerGenerator(lanes: lanes, dataWidth: dataWidth, indexBits: indexBits, stages: stages)
        let latency = gen.latency
        let sim = try makeSimulator(gen.build(), backend: backend)
        var rng = SeededRandom(seed: seed)
        let ctx = "kllm_quantizer LANES=\(lanes) DATA_W=\(dataWidth) IBITS=\(indexBits) STAGES=\(stages) seed \(seed) on \(backend)"
        try sim.zeroInputs()
        try sim.reset()
        let nthr = (1 << indexBits) - 1
        let out = OutputSchedule()
        var cycle = 0
        var thr: [Int64] = []
        func newThresholds() -> [Int64] {
            // Sorted, with equal neighbours now and then (SPEC allows them).
            var t = (0..<nthr).map { _ in rng.signed(width: dataWidth) }.sorted()
            for j in 1..<max(1, nthr) where rng.chance(0.2) { t[j] = t[j - 1] }
            return t
        }
        func load(_ t: [Int64]) throws {
            thr = t
            for j in 0...nthr {  // the write to 2^IBITS - 1 must be ignored
                try sim.poke("thr_we", 1)
                try sim.poke("thr_waddr", UInt64(j))
                try sim.poke("thr_wdata", signed: j < nthr ? t[j] : BitVector.signedRange(dataWidth).lowerBound)
                sim.step(); cycle += 1
            }
            try sim.poke("thr_we", 0)
        }
        try load(newThresholds())
        var sent = 0
        while sent < beats {
            if sent > 0 && sent % 4000 == 0 && out.isEmpty { try load(newThresholds()) }
            if rng.chance(0.002) { cycle += try injectReset(sim, out, &rng) }
            let valid = rng.chance(0.8)
            let x = (0..<lanes).map { _ -> Int64 in
                switch rng.below(4) {
                case 0: return thr[rng.below(thr.count)]  // exactly on a threshold: the tie rule
                case 1: return rng.signedWithExtremes(width: dataWidth)
                default: return rng.signed(width: dataWidth)
                }
            }
            try sim.poke("in_valid", valid ? 1 : 0)
            try sim.poke("in_data", words: pack(x, width: dataWidth))
            guard try out.check(sim, cycle: cycle, context: ctx) else { return }
            sim.step()
            if valid {
                let idx = x.map { BlockModels.quantize($0, thresholds: thr) }
                out.expect(at: cycle + latency, .init(ports: [("out_idx", pack(idx, width: indexBits))], note: "beat \(sent)"))
                sent += 1
            }
            cycle += 1
        }
        guard try out.drain(sim, from: cycle, context: ctx) else { return }
        XCTAssertGreaterThan(out.checked, beats * 9 / 10)
    }

    func testQuantizerDefaults() throws { try Self.runQuantizer(lanes: 8, dataWidth: 16, indexBits: 4, beats: 40000, seed: SeededRandom.testSeed(21)) }
    func testQuantizerOddSizes() throws { try Self.runQuantizer(lanes: 3, dataWidth: 7, indexBits: 3, beats: 30000, seed: SeededRandom.testSeed(22)) }
    func testQuantizerTwoStages() throws {
        try Self.runQuantizer(lanes: 8, dataWidth: 16, indexBits: 4, stages: 2, beats: 30000, seed: SeededRandom.testSeed(24))
        try Self.runQuantizer(lanes: 3, dataWidth: 5, indexBits: 1, stages: 2, beats: 20000, seed: SeededRandom.testSeed(25))
    }
    func testQuantizerOneBitWide() throws { try Self.runQuantizer(lanes: 5, dataWidth: 32, indexBits: 1, beats: 30000, seed: SeededRandom.testSeed(23)) }
}
