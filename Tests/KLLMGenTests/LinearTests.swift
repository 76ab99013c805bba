import BitVector
import HDLSim
import HDLVerilog
import KLLMGen
import KLLMGolden
import Randomness
import SimTesting
import XCTest

/// kllm_linear (SPEC §5) against the bit-exact model, cycle by cycle: random
/// gaps and back-to-back vectors, `in_ready` honoured, reloads of each of the
/// five tables, ties and repeated extremes in x, most negative values, resets
/// inside a vector and with results in flight, garbage on every ignored input.
final class LinearTests: XCTestCase {
    override func setUp() { continueAfterFailure = false }

    /// A parameter set and how long to run it.
    struct Config {
        var n = 16, k = 64, lanes = 8, wbits = 4, abits = 4, dataW = 8, cwW = 8, sW = 8, accW = 32, topK = 2, outLanes = 4
        var rowPar: Int?
        var arch: LinearGenerator.Architecture?
        var outlierArch: OrizuruGenerator.Architecture?
        var outlierStages: Int?
        var quantStages: Int?
        var readStages: Int?
        var vectors = 1000
        /// Probability of an idle cycle before a beat (0: back to back).
        var gaps = 0.3

        func generator() throws -> LinearGenerator {
            try LinearGenerator(rows: n, inputs: k, lanes: lanes, weightBits: wbits, activationBits: abits, dataWidth: dataW,
                                weightWidth: cwW, scaleWidth: sW, accWidth: accW, topK: topK, outLanes: outLanes, rowsPerPass: rowPar,
                                architecture: arch, outlierArchitecture: outlierArch, outlierStages: outlierStages,
                                quantizerStages: quantStages, readStages: readStages)
        }
    }

    /// Drives `c`; returns the edges at which vectors' first beats were accepted.
    @discardableResult
    static func run(_ c: Config, seed: UInt64, backend: SimBackend = .fromEnvironment, resets: Bool = true) throws -> [Int] {
        let gen = try c.generator()
        let sim = try makeSimulator(gen.build(), backend: backend)
        var rng = SeededRandom(seed: seed)
        let ctx = "kllm_linear N=\(c.n) K=\(c.k) LANES=\(c.lanes) WBITS=\(c.wbits) ABITS=\(c.abits) DATA_W=\(c.dataW) CW_W=\(c.cwW) "
            + "S_W=\(c.sW) ACC_W=\(c.accW) TOPK=\(c.topK) OUT_LANES=\(c.outLanes) ROW_PAR=\(gen.rowsPerPass) ARCH=\(gen.architecture) "
            + "OUTLIER_ARCH=\(gen.outlierEngine?.architecture.rawValue ?? "-") OUTLIER_STAGES=\(gen.outlierEngine?.stages ?? 0) QUANT_STAGES=\(gen.quantizerStages) READ_STAGES=\(gen.readStages) seed \(seed) on \(backend)"
        let tablePorts: [(we: String, addr: String, data: String, addrW: Int, dataW: Int)] = [
            ("cw_we", "cw_waddr", "cw_wdata", c.wbits, c.cwW), ("ca_we", "ca_waddr", "ca_wdata", c.abits, c.dataW),
            ("thr_we", "thr_waddr", "thr_wdata", c.abits, c.dataW),
            ("s_we", "s_waddr", "s_wdata", try sim.port("s_waddr").width, c.sW),
            ("w_we", "w_waddr", "w_wdata", try sim.port("w_waddr").width, c.lanes * c.wbits),
        ]
        let handles = try tablePorts.map { (try sim.handle($0.we), try sim.handle($0.addr), try sim.handle($0.data)) }
        let inValid = try sim.handle("in_valid"), inData = try sim.handle("in_data"), inReady = try sim.handle("in_ready")
        var garbage = rng
        /// Random garbage on every table port that is not being written this cycle.
        func idleTables(except written: Int? = nil) throws {
            for (i, p) in tablePorts.enumerated() where i != written {
                try sim.poke(handles[i].0, 0)
                try sim.poke(handles[i].1, words: [garbage.unsigned(width: p.addrW)])
                try sim.poke(handles[i].2, words: BitVector(words: [garbage.next(), garbage.next()], width: p.dataW).words)
            }
        }
        try sim.zeroInputs()
        try idleTables()
        try sim.reset()
        let out = OutputSchedule()
        var cycle = 0
        var codec = SeededRandom(seed: seed ^ 0x5eed)   // tables and vectors, apart from the stimulus timing
        var tables = LinearSpec.tables(gen, &codec)
        func step() { sim.step(); cycle += 1 }
        /// Inputs idle until no result is pending and in_ready is 1.
        func settle() throws {
            try sim.poke(inValid, 0)
            var waited = 0
            while !out.isEmpty || sim.peek(inReady) == 0 {
                try idleTables()
                try sim.poke(inData, words: pack((0..<c.lanes).map { _ in garbage.signed(width: c.dataW) }, width: c.dataW))
                guard try out.check(sim, cycle: cycle, context: ctx) else { throw StopAfterFailure() }
                step()
                waited += 1
                if waited > (1 << (c.wbits + c.abits)) + 64 + 4 * gen.latency + gen.interval {
                    XCTFail("in_ready stayed low for \(waited) cycles — \(ctx)"); throw StopAfterFailure()
                }
            }
        }
        /// Writes table `which` (0 cw, 1 ca, 2 thr, 3 s, 4 w) entry by entry.
        func write(_ which: Int) throws {
            let entries: [[UInt64]]
            switch which {
            case 0: entries = tables.cw.map { BitVector(Int($0), width: c.cwW).words }
            case 1: entries = tables.ca.map { BitVector(Int($0), width: c.dataW).words }
            case 2: entries = tables.thresholds.map { BitVector(Int($0), width: c.dataW).words }
            case 3: entries = tables.scales.map { BitVector(Int($0), width: c.sW).words }
            default: entries = LinearSpec.weightWords(gen, tables).map(\.words)
            }
            // The replicated datapath takes no beat in a weight-write cycle (its pass banks
            // read the first word then): a beat offered there must wait.
            let offerBeat = which == 4 && gen.architecture == .replicated
            for (addr, value) in entries.enumerated() {
                try idleTables(except: which)
                try sim.poke(handles[which].0, 1)
                try sim.poke(handles[which].1, UInt64(addr))
                try sim.poke(handles[which].2, words: value)
                XCTAssertEqual(try sim.peek("out_valid"), 0, ctx)
                if offerBeat {
                    try sim.poke(inValid, 1)
                    XCTAssertEqual(sim.peek(inReady), 0, "in_ready in a weight-write cycle — \(ctx)")
                }
                step()
            }
            try sim.poke(handles[which].0, 0)
            if offerBeat { try sim.poke(inValid, 0) }
        }
        try settle()
        for which in 0..<5 { try write(which) }
        var firstBeats: [Int] = []
        var results = 0
        for v in 0..<c.vectors {
            if v > 0 && rng.chance(0.02) {
                // Reload some tables (idle first, as the SPEC requires).
                try settle()
                let fresh = LinearSpec.tables(gen, &codec)
                for which in 0..<5 where rng.chance(0.5) {
                    switch which {
                    case 0: tables.cw = fresh.cw
                    case 1: tables.ca = fresh.ca
                    case 2: tables.thresholds = fresh.thresholds
                    case 3: tables.scales = fresh.scales
                    default: tables.weights = fresh.weights
                    }
                    try write(which)
                }
            }
            let x = LinearSpec.vector(gen, &codec, tables)
            var beat = 0
            var resetNow = false
            while beat < gen.beats {
                if resets && rng.chance(0.0005) { resetNow = true; break }
                let present = c.gaps == 0 || !rng.chance(c.gaps)
                try idleTables()
                try sim.poke(inValid, present ? 1 : 0)
                let data = present ? Array(x[(beat * c.lanes)..<((beat + 1) * c.lanes)]) : (0..<c.lanes).map { _ in garbage.signed(width: c.dataW) }
                try sim.poke(inData, words: pack(data, width: c.dataW))
                let ready = sim.peek(inReady)
                guard try out.check(sim, cycle: cycle, context: ctx) else { throw StopAfterFailure() }
                if present && ready == 1 {
                    if beat == 0 { firstBeats.append(cycle) }
                    beat += 1
                    if beat == gen.beats {
                        for (g, y) in LinearSpec.outY(gen, x, tables).enumerated() {
                            var ports: [(name: String, words: [UInt64])] = [("out_y", y.words)]
                            if gen.outputBeats > 1 { ports.append(("out_row", [UInt64(g * c.outLanes)])) }
                            out.expect(at: cycle + gen.latency + g, .init(ports: ports, note: "vector \(v) rows \(g * c.outLanes)..."))
                        }
                        results += 1
                    }
                } else if ready > 1 {
                    XCTFail("in_ready = \(ready) at cycle \(cycle) — \(ctx)")
                }
                step()
            }
            if resetNow || (resets && rng.chance(0.001)) {
                // Inside a vector (resetNow) or with results in flight; then, as the
                // SPEC asks of users, every table is written again.
                cycle += try injectReset(sim, out, &rng)
                firstBeats.removeAll()
                try settle()
                for which in 0..<5 { try write(which) }
            }
        }
        try settle()
        XCTAssertEqual(out.checked + out.dropped, results * gen.outputBeats, ctx)
        return firstBeats
    }

    func testDefaults() throws { try Self.run(Config(vectors: 3000), seed: SeededRandom.testSeed(501)) }
    func testNoOutliers() throws { try Self.run(Config(topK: 0, vectors: 2000), seed: SeededRandom.testSeed(502)) }
    func testOutlierListsCoverTheVector() throws {
        // 2*TOPK >= K: every position can be an outlier; lists overlap.
        try Self.run(Config(n: 4, k: 6, lanes: 2, topK: 3, outLanes: 2, vectors: 2000), seed: SeededRandom.testSeed(503))
        try Self.run(Config(n: 2, k: 3, lanes: 3, topK: 5, outLanes: 1, vectors: 1000), seed: SeededRandom.testSeed(504))
    }
    func testOddSizesAndAWrappingSum() throws {
        try Self.run(Config(n: 3, k: 5, lanes: 1, wbits: 3, abits: 2, dataW: 6, cwW: 5, sW: 3, accW: 12, topK: 2, outLanes: 1,
                            vectors: 1500), seed: SeededRandom.testSeed(505))
    }
    func testAllRowsInOneBeatAndLanesNotAPowerOfTwo() throws {
        try Self.run(Config(n: 8, k: 12, lanes: 3, topK: 2, outLanes: 8, vectors: 1500), seed: SeededRandom.testSeed(506))
    }
    func testFewerRowsPerPass() throws {
        try Self.run(Config(n: 8, k: 16, lanes: 4, topK: 4, outLanes: 2, rowPar: 2, vectors: 1500), seed: SeededRandom.testSeed(507))
    }

    /// ARCH=replicated (T copies in synchronous-read memories, a cycle more) with the
    /// outlier engines an FPGA build picks: latency and interval follow both.
    func testReplicatedTableWithEachOutlierEngine() throws {
        try Self.run(Config(arch: .replicated, outlierArch: .rank, outlierStages: 2, vectors: 1500), seed: SeededRandom.testSeed(508))
        try Self.run(Config(n: 8, k: 16, lanes: 4, topK: 4, outLanes: 2, rowPar: 2, arch: .replicated, outlierArch: .tournament,
                            outlierStages: 3, vectors: 800), seed: SeededRandom.testSeed(509))
        try Self.run(Config(n: 3, k: 5, lanes: 1, wbits: 3, abits: 2, dataW: 6, cwW: 5, sW: 3, accW: 12, topK: 0, outLanes: 1,
                            arch: .replicated, vectors: 800), seed: SeededRandom.testSeed(511))
        try Self.run(Config(n: 4, k: 6, lanes: 2, topK: 3, outLanes: 2, rowPar: 1, arch: .replicated, outlierArch: .rank,
                            vectors: 800), seed: SeededRandom.testSeed(512))
    }

    /// The deepest FPGA tile (aimed at 100 MHz): the quantizer's comparisons registered (QUANT_STAGES 2),
    /// the outlier engine five stages deep; and QUANT_STAGES 2 on the register datapath,
    /// with passes (ROW_PAR below N) and without outliers.
    func testQuantizerStages() throws {
        try Self.run(Config(arch: .replicated, outlierArch: .rank, outlierStages: 5, quantStages: 2, vectors: 600),
                     seed: SeededRandom.testSeed(513))
        try Self.run(Config(n: 8, k: 16, lanes: 4, topK: 4, outLanes: 2, rowPar: 2, quantStages: 2, vectors: 400),
                     seed: SeededRandom.testSeed(514))
        try Self.run(Config(n: 3, k: 5, lanes: 1, wbits: 3, abits: 2, dataW: 6, cwW: 5, sW: 3, accW: 12, topK: 0, outLanes: 1,
                            arch: .replicated, quantStages: 2, vectors: 400), seed: SeededRandom.testSeed(515))
        try Self.run(Config(n: 4, k: 6, lanes: 2, topK: 0, outLanes: 2, rowPar: 1, quantStages: 2, vectors: 400),
                     seed: SeededRandom.testSeed(516))
    }

    /// A second term register after each block RAM read (READ_STAGES 2): the deepest tile,
    /// passes with outliers, and no outliers at all.
    func testReadStages() throws {
        try Self.run(Config(arch: .replicated, outlierArch: .rank, outlierStages: 5, quantStages: 2, readStages: 2, vectors: 500),
                     seed: SeededRandom.testSeed(517))
        try Self.run(Config(n: 8, k: 16, lanes: 4, topK: 4, outLanes: 2, rowPar: 2, arch: .replicated, outlierArch: .rank,
                            readStages: 2, vectors: 400), seed: SeededRandom.testSeed(518))
        try Self.run(Config(n: 3, k: 5, lanes: 1, wbits: 3, abits: 2, dataW: 6, cwW: 5, sW: 3, accW: 12, topK: 0, outLanes: 1,
                            arch: .replicated, readStages: 2, vectors: 400), seed: SeededRandom.testSeed(519))
    }

    /// With in_valid held at 1 the first beats of consecutive vectors are
    /// `interval` cycles apart, and the manifest states that interval and the latency.
    func testMeasuredIntervalAndLatencyMatchTheManifest() throws {
        for c in [Config(vectors: 40, gaps: 0), Config(topK: 0, vectors: 40, gaps: 0), Config(n: 8, k: 16, lanes: 4, topK: 4, outLanes: 2, rowPar: 2, vectors: 40, gaps: 0),
                  Config(n: 4, k: 6, lanes: 2, topK: 3, outLanes: 2, vectors: 40, gaps: 0),
                  Config(arch: .replicated, outlierArch: .rank, outlierStages: 2, vectors: 40, gaps: 0),
                  Config(topK: 0, arch: .replicated, vectors: 40, gaps: 0),
                  Config(arch: .replicated, outlierArch: .rank, outlierStages: 5, quantStages: 2, vectors: 40, gaps: 0),
                  Config(arch: .replicated, outlierArch: .rank, outlierStages: 5, quantStages: 2, readStages: 2, vectors: 40, gaps: 0),
                  Config(topK: 0, arch: .replicated, readStages: 2, vectors: 40, gaps: 0),
                  Config(n: 8, k: 16, lanes: 4, topK: 0, outLanes: 2, rowPar: 2, quantStages: 2, vectors: 40, gaps: 0)] {
            let gen = try c.generator()
            let firsts = try Self.run(c, seed: SeededRandom.testSeed(510), resets: false)
            let spacing = Set(zip(firsts.dropFirst(), firsts).map { $0 - $1 }.dropFirst())   // steady state
            XCTAssertEqual(spacing, [gen.interval], "N=\(c.n) K=\(c.k) TOPK=\(c.topK)")
            let entry = ManifestEntry(module: try gen.build(), file: "kllm_linear.v")
            XCTAssertEqual(entry.intAnnotation("interval"), gen.interval)
            XCTAssertEqual(entry.intAnnotation("latency"), gen.latency)   // run() checked every result at exactly this latency
        }
        XCTAssertEqual(try Config().generator().interval, 8, "the SPEC defaults stream: one beat per cycle")
    }

    func testIllegalParametersNameTheirRule() {
        func refused(_ p: [String: String], _ prefix: String, line: UInt = #line) {
            XCTAssertThrowsError(try LinearSpec.block.build(p), line: line) { e in
                XCTAssertTrue("\(e)".hasPrefix(prefix), "\(e)", line: line)
            }
        }
        refused(["LANES": "7"], "illegal parameter LANES=7: must divide K=64")
        refused(["OUT_LANES": "3"], "illegal parameter OUT_LANES=3: must divide N=16")
        refused(["ACC_W": "16"], "illegal parameter ACC_W=16: must be in 17...64")
        refused(["TOPK": "65"], "illegal parameter TOPK=65: must be in 0...64")
        refused(["N": "4097"], "illegal parameter N=4097: must be in 1...4096")
        refused(["K": "4096", "LANES": "4096", "DATA_W": "32", "ACC_W": "64"], "illegal parameter LANES=4096: in_data would be 131072 bits")
        refused(["N": "4096", "K": "4096", "WBITS": "8", "LANES": "64"], "illegal parameter N=4096: the weight memory would hold")
        refused(["ROW_PAR": "5"], "illegal parameter ROW_PAR=5: must divide N=16")
        refused(["OUTLIER_ARCH": "rank", "OUTLIER_STAGES": "6"], "illegal parameter OUTLIER_STAGES=6: OUTLIER_ARCH=rank has at most 5 stages")
        refused(["OUTLIER_STAGES": "2"], "illegal parameter OUTLIER_STAGES=2: OUTLIER_ARCH=batcher is not pipelined")
        refused(["READ_STAGES": "2"], "illegal parameter READ_STAGES=2: registers the product-table copies' reads of ARCH=replicated only")
        refused(["ARCH": "replicated", "READ_STAGES": "3"], "illegal parameter READ_STAGES=3: must be in 1...2")
    }
}
