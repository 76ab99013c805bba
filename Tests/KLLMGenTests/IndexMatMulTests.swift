import HDLSim
import KLLMGen
import KLLMGolden
import Randomness
import SimTesting
import XCTest

/// kllm_index_matmul, every micro-architecture, against the golden model cycle by
/// cycle: back-to-back dot products, input gaps, the in_ready handshake, table
/// reloads between runs, signed extremes and accumulator wrap-around.
final class IndexMatMulTests: XCTestCase {
    override func setUp() { continueAfterFailure = false }

    struct Config {
        var rows = 8, cols = 8, wbits = 4, abits = 4, lutW = 16, accW = 32
        var outRows: Int? = nil
        var arch = IndexMatMulGenerator.Architecture.broadcast
        var pesPerTable = 1
        var beats = 20000
        var maxK = 8
    }

    static func run(_ c: Config, seed: UInt64, backend: SimBackend = .fromEnvironment) throws {
        let gen = try IndexMatMulGenerator(rows: c.rows, cols: c.cols, weightBits: c.wbits, activationBits: c.abits,
                                           lutWidth: c.lutW, accWidth: c.accW, outRows: c.outRows, architecture: c.arch,
                                           pesPerTable: c.pesPerTable)
        let sim = try makeSimulator(gen.build(), backend: backend)
        var rng = SeededRandom(seed: seed)
        let outRows = c.outRows ?? c.rows
        let groups = c.rows / outRows
        let ctx = "kllm_index_matmul \(c.arch) ROWS=\(c.rows) COLS=\(c.cols) WBITS=\(c.wbits) ABITS=\(c.abits) "
            + "LUT_W=\(c.lutW) ACC_W=\(c.accW) OUT_ROWS=\(outRows) PES_PER_TABLE=\(c.pesPerTable) seed \(seed) on \(backend)"
        try sim.zeroInputs()
        try sim.reset()
        let out = OutputSchedule()
        var cycle = 0
        var table: [Int64] = []
        /// Waits (inputs idle) until the block is idle and ready.
        func settle() throws {
            try sim.poke("in_valid", 0)
            var guardCycles = 0
            while try !out.isEmpty || sim.peek("in_ready") == 0 {
                guard try out.check(sim, cycle: cycle, context: ctx) else { throw StopAfterFailure() }
                sim.step(); cycle += 1; guardCycles += 1
                if guardCycles > 100_000 { XCTFail("block never became idle — \(ctx)"); throw StopAfterFailure() }
            }
        }
        func load() throws {
            try settle()
            let extremes = rng.chance(0.5)
            table = (0..<(1 << (c.wbits + c.abits))).map { _ in extremes ? rng.signedWithExtremes(width: c.lutW) : rng.signed(width: c.lutW) }
            for (addr, v) in table.enumerated() {
                try sim.poke("lut_we", 1)
                try sim.poke("lut_waddr", UInt64(addr))
                try sim.poke("lut_wdata", signed: v)
                XCTAssertEqual(try sim.peek("out_valid"), 0)
                sim.step(); cycle += 1
            }
            try sim.poke("lut_we", 0)
        }
        try load()
        var sent = 0, results = 0
        while sent < c.beats {
            if results > 0 && results % 300 == 0 { try load() }
            // One dot product of K beats (K long now and then: accumulator wrap).
            let k = rng.chance(0.05) ? 50 + rng.below(300) : 1 + rng.below(c.maxK)
            var w: [[Int]] = [], a: [[Int]] = []
            var beat = 0
            let gappy = rng.chance(0.5)
            while beat < k {
                if rng.chance(0.002) {
                    // Reset mid-stream: the open dot product and results in flight are gone.
                    cycle += try injectReset(sim, out, &rng)
                    break
                }
                let present = !gappy || rng.chance(0.7)
                let wi = (0..<c.rows).map { _ in rng.below(1 << c.wbits) }
                let ai = (0..<c.cols).map { _ in rng.below(1 << c.abits) }
                try sim.poke("in_valid", present ? 1 : 0)
                try sim.poke("in_first", present ? (beat == 0 ? 1 : 0) : UInt64(rng.below(2)))
                try sim.poke("in_last", present ? (beat == k - 1 ? 1 : 0) : UInt64(rng.below(2)))
                try sim.poke("w_idx", words: pack(wi, width: c.wbits))
                try sim.poke("a_idx", words: pack(ai, width: c.abits))
                let ready = try sim.peek("in_ready") == 1
                guard try out.check(sim, cycle: cycle, context: ctx) else { return }
                sim.step()
                if present && ready {
                    w.append(wi); a.append(ai)
                    beat += 1
                    sent += 1
                    if beat == k {
                        let res = BlockModels.indexMatMul(table: table, aBits: c.abits, accWidth: c.accW, wIdx: w, aIdx: a)
                        for g in 0..<groups {
                            let rowsOut = Array(res[(g * outRows)..<((g + 1) * outRows)]).flatMap { $0 }
                            var ports: [(name: String, words: [UInt64])] = [("out_acc", pack(rowsOut, width: c.accW))]
                            if groups > 1 { ports.append(("out_row", [UInt64(g * outRows)])) }
                            out.expect(at: cycle + gen.latency + g, .init(ports: ports, note: "result \(results) (K=\(k)) rows \(g * outRows)..."))
                        }
                        results += 1
                    }
                }
                cycle += 1
            }
        }
        try settle()
        XCTAssertEqual(out.checked + out.dropped, results * groups)
    }

    // Row-broadcast table read.
    func testBroadcastDefaults() throws { try Self.run(Config(beats: 30000), seed: SeededRandom.testSeed(51)) }
    func testBroadcastOddSizes() throws {
        try Self.run(Config(rows: 3, cols: 5, wbits: 3, abits: 2, lutW: 9, accW: 12, beats: 30000), seed: SeededRandom.testSeed(52))
    }
    func testBroadcastRowBeatsAndWrap() throws {
        try Self.run(Config(rows: 6, cols: 4, wbits: 2, abits: 3, lutW: 8, accW: 8, outRows: 2, beats: 30000, maxK: 3),
                seed: SeededRandom.testSeed(53))
    }
    // Decoded select (one-hot lines, AND-OR fetch and select).
    func testDecodedDefaults() throws { try Self.run(Config(arch: .decoded, beats: 30000), seed: SeededRandom.testSeed(56)) }
    func testDecodedNarrowTable16x16() throws {
        try Self.run(Config(rows: 16, cols: 16, lutW: 8, arch: .decoded, beats: 12000, maxK: 20), seed: SeededRandom.testSeed(57))
    }
    func testDecodedOddSizes() throws {
        try Self.run(Config(rows: 5, cols: 3, wbits: 1, abits: 3, lutW: 5, accW: 7, arch: .decoded, beats: 30000),
                seed: SeededRandom.testSeed(58))
    }
    func testDecodedRowBeatsAndWrap() throws {
        try Self.run(Config(rows: 6, cols: 2, wbits: 3, abits: 1, lutW: 8, accW: 8, outRows: 3, arch: .decoded, beats: 30000, maxK: 3),
                seed: SeededRandom.testSeed(59))
    }
    // Replicated table RAM (a synchronous-read copy of T per PE).
    func testReplicatedDefaults() throws { try Self.run(Config(arch: .replicated, beats: 20000), seed: SeededRandom.testSeed(64)) }
    func testReplicatedOddSizes() throws {
        try Self.run(Config(rows: 5, cols: 3, wbits: 1, abits: 3, lutW: 5, accW: 7, arch: .replicated, beats: 20000),
                seed: SeededRandom.testSeed(65))
    }
    func testReplicatedRowBeatsAndWrap() throws {
        try Self.run(Config(rows: 6, cols: 2, wbits: 3, abits: 1, lutW: 8, accW: 8, outRows: 3, arch: .replicated, beats: 20000, maxK: 3),
                seed: SeededRandom.testSeed(66))
    }
    // Two PEs per table copy (the two ports of a dual-port RAM; an odd last column alone).
    func testReplicatedSharedTables() throws {
        try Self.run(Config(arch: .replicated, pesPerTable: 2, beats: 12000), seed: SeededRandom.testSeed(704))
        try Self.run(Config(rows: 5, cols: 3, wbits: 1, abits: 3, lutW: 5, accW: 7, arch: .replicated, pesPerTable: 2, beats: 12000),
                     seed: SeededRandom.testSeed(705))
        try Self.run(Config(rows: 6, cols: 1, wbits: 3, abits: 2, lutW: 8, accW: 8, outRows: 3, arch: .replicated, pesPerTable: 2,
                            beats: 8000, maxK: 3), seed: SeededRandom.testSeed(706))
    }
    func testSharedTablesNeedTheReplicatedArchitecture() {
        XCTAssertThrowsError(try IndexMatMulGenerator(architecture: .decoded, pesPerTable: 2)) { e in
            XCTAssertEqual("\(e)", "illegal parameter PES_PER_TABLE=2: shares a table copy between PEs of ARCH=replicated only (ARCH=decoded)")
        }
    }
    // Pair-count histogram.
    func testHistogramDefaults() throws {
        try Self.run(Config(arch: .histogram, beats: 20000, maxK: 40), seed: SeededRandom.testSeed(61))
    }
    func testHistogramOddSizes() throws {
        try Self.run(Config(rows: 3, cols: 5, wbits: 3, abits: 2, lutW: 9, accW: 12, arch: .histogram, beats: 30000, maxK: 12),
                seed: SeededRandom.testSeed(62))
    }
    func testHistogramRowBeatsAndWrap() throws {
        try Self.run(Config(rows: 4, cols: 3, wbits: 1, abits: 2, lutW: 8, accW: 8, outRows: 1, arch: .histogram, beats: 30000, maxK: 4),
                seed: SeededRandom.testSeed(63))
    }
    /// More output beats (8) than sweep cycles (4): the output buffer holds `in_ready`
    /// low after the sweep, and a beat offered then must not be counted.
    func testHistogramOutputLongerThanTheSweep() throws {
        try Self.run(Config(rows: 8, cols: 2, wbits: 1, abits: 1, lutW: 6, accW: 10, outRows: 1, arch: .histogram, beats: 20000, maxK: 3),
                seed: SeededRandom.testSeed(67))
    }
}
