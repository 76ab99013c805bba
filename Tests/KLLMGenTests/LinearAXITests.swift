import Foundation
import BitVector
import HDL
import KLLMGen
import KLLMGolden
import Randomness
import SimTesting
import XCTest

/// kllm_linear_axi against the bit-exact model, transfer by transfer: AXI4-Lite writes
/// of the tables (some split into partial-strobe writes, some to bad addresses), vectors
/// with random tvalid gaps, results with random tready and long back-pressure stretches,
/// table reloads while vectors flow, resets in the middle, garbage on every idle channel;
/// the AXI4-Stream hold rule is an assertion both simulators check every cycle.
final class LinearAXITests: XCTestCase {
    override func setUp() { continueAfterFailure = false }

    struct Config {
        var n = 16, k = 64, lanes = 8, wbits = 4, abits = 4, dataW = 8, cwW = 8, sW = 8, accW = 32, topK = 2, outLanes = 4
        var resultDepth = 0
        /// The tile's micro-architecture parameters beyond the defaults (e.g. "ARCH": "replicated").
        var micro: [String: String] = [:]
        var vectors = 80

        func generator() throws -> LinearAXIGenerator {
            let spec = LinearAXISpec.block
            return try LinearAXIGenerator(spec.resolve([
                "N": "\(n)", "K": "\(k)", "LANES": "\(lanes)", "WBITS": "\(wbits)", "ABITS": "\(abits)", "DATA_W": "\(dataW)",
                "CW_W": "\(cwW)", "S_W": "\(sW)", "ACC_W": "\(accW)", "TOPK": "\(topK)", "OUT_LANES": "\(outLanes)",
                "RESULT_DEPTH": "\(resultDepth)",
            ].merging(micro) { $1 }))
        }
    }

    /// One AXI4-Lite write and what it does to the model when it is accepted.
    struct LiteWrite {
        let address: Int, data: UInt64, strobe: UInt64
        /// The table word it writes (nil: an address past the table, answered SLVERR).
        let target: (table: Int, entry: Int, chunk: Int)?
        var expectOkay: Bool { target != nil }
    }

    /// The wrapper's staging register as the register map documents it: every table write merges
    /// its bytes (by strobe) into the staging word of its chunk; a write to an entry's last word
    /// commits the staged words as the entry.
    struct Staging {
        var words: [UInt64]
        init(chunks: Int) { words = Array(repeating: 0, count: chunks) }

        mutating func accept(_ w: LiteWrite, _ g: LinearAXIGenerator) -> (table: Int, entry: Int, value: BitVector)? {
            guard let t = w.target else { return nil }
            var mask: UInt64 = 0
            for b in 0..<4 where (w.strobe >> UInt64(b)) & 1 == 1 { mask |= 0xFF << UInt64(8 * b) }
            words[t.chunk] = (words[t.chunk] & ~mask) | (w.data & mask)
            let table = g.map.tables[t.table]
            guard t.chunk == table.chunks - 1 else { return nil }
            var packed = [UInt64](repeating: 0, count: (table.chunks + 1) / 2)
            for c in 0..<table.chunks { packed[c / 2] |= words[c] << UInt64(32 * (c % 2)) }
            return (t.table, t.entry, BitVector(words: packed, width: table.width))
        }
    }

    /// The writes that load `which` tables of `t` (0 Cw, 1 Ca, 2 thr, 3 s, 4 w), some with split strobes,
    /// plus, sometimes, a write past a table's end (answered SLVERR, nothing changes).
    static func writes(_ g: LinearAXIGenerator, _ t: LinearTables, tables which: [Int], rng: inout SeededRandom) -> [LiteWrite] {
        let tile = g.tile
        var out: [LiteWrite] = []
        for index in which {
            let table = g.map.tables[index]
            let values: [BitVector]
            switch index {
            case 0: values = t.cw.map { BitVector(Int($0), width: table.width) }
            case 1: values = t.ca.map { BitVector(Int($0), width: table.width) }
            case 2: values = t.thresholds.map { BitVector(Int($0), width: table.width) }
            case 3: values = t.scales.map { BitVector(Int($0), width: table.width) }
            default: values = LinearSpec.weightWords(tile, t)
            }
            for (entry, value) in values.enumerated() {
                let words = value.words
                for chunk in 0..<table.chunks {
                    let word = (words[chunk / 2] >> (32 * UInt64(chunk % 2))) & 0xFFFF_FFFF
                    let address = g.map.address(table, entry: entry, chunk: chunk)
                    if rng.chance(0.1) {
                        // Two partial writes: some bytes, then the others (the staging register merges them;
                        // on an entry's last word each write commits, the first with stale bytes).
                        let first = rng.unsigned(width: 4)
                        out.append(LiteWrite(address: address, data: word, strobe: first, target: (index, entry, chunk)))
                        out.append(LiteWrite(address: address, data: word, strobe: 0xF & ~first, target: (index, entry, chunk)))
                    } else {
                        out.append(LiteWrite(address: address, data: word, strobe: 0xF, target: (index, entry, chunk)))
                    }
                }
            }
            if rng.chance(0.3), table.entries * table.stride * 4 < 1 << g.map.regionBits {
                out.append(LiteWrite(address: g.map.address(table, entry: table.entries), data: rng.next() & 0xFFFF_FFFF, strobe: 0xF,
                                     target: nil))
            }
        }
        return out
    }

    /// Applies a committed entry to the model's tables.
    static func apply(_ c: (table: Int, entry: Int, value: BitVector), _ g: LinearAXIGenerator, to t: inout LinearTables) {
        let v = Int64(c.value.signedValue)
        switch c.table {
        case 0: t.cw[c.entry] = v
        case 1: t.ca[c.entry] = v
        case 2: t.thresholds[c.entry] = v
        case 3: t.scales[c.entry] = v
        default:
            let row = c.entry / g.tile.beats, beat = c.entry % g.tile.beats
            for i in 0..<g.tile.lanes {
                t.weights[row][beat * g.tile.lanes + i] = (0..<g.tile.weightBits).reduce(0) { $0 | (c.value.bit(i * g.tile.weightBits + $1) ? 1 << $1 : 0) }
            }
        }
    }

    static func run(_ c: Config, seed: UInt64, backend: SimBackend = .fromEnvironment) throws {
        let g = try c.generator()
        let tile = g.tile
        let sim = try makeSimulator(g.build(), backend: backend)
        let ctx = "kllm_linear_axi N=\(c.n) K=\(c.k) LANES=\(c.lanes) WBITS=\(c.wbits) DATA_W=\(c.dataW) TOPK=\(c.topK) "
            + "OUT_LANES=\(c.outLanes) RESULT_DEPTH=\(g.resultDepth) seed \(seed) on \(backend)"
        var rng = SeededRandom(seed: seed)
        var garbage = SeededRandom(seed: seed ^ 0x9a9b)
        var model = SeededRandom(seed: seed ^ 0x5eed)
        var tables = LinearSpec.tables(tile, &model)
        let inW = g.map.inputStreamWidth, outW = g.map.outputStreamWidth, aw = g.map.addressWidth
        func randomWords(_ width: Int) -> [UInt64] { BitVector(words: (0..<((width + 63) / 64)).map { _ in garbage.next() }, width: width).words }

        var pendingWrites: [LiteWrite] = []
        var expectedResponses: [Bool] = []
        var awShown = false, wShown = false
        var beats: [(data: [UInt64], last: Bool, first: Bool, x: [Int64])] = []
        var tvalid = false
        var expected: [(data: [UInt64], last: Bool)] = []
        var stall = 0
        var vectorsSent = 0, resultsChecked = 0, resets = 0
        var cycle = 0
        var reads: [(address: Int, expect: UInt64?, okay: Bool)] = []
        var arShown = false
        var tablesLoaded = false
        var reloads = 0
        var staging = Staging(chunks: g.map.tables.map(\.chunks).max() ?? 1)
        var readResponses: [(expect: UInt64?, okay: Bool)] = []

        try sim.zeroInputs()
        try sim.reset()
        pendingWrites = writes(g, tables, tables: [0, 1, 2, 3, 4], rng: &rng)
        var modelTables = LinearTables(cw: tables.cw.map { _ in 0 }, ca: tables.ca.map { _ in 0 }, thresholds: tables.thresholds.map { _ in 0 },
                                       scales: tables.scales.map { _ in 0 }, weights: tables.weights.map { $0.map { _ in 0 } })
        let identity: [(Int, UInt64)] = [(0x00, 0x4B4C_4C4D), (0x04, 0x0001_0000), (0x08, UInt64(c.k << 16 | c.n)),
                                         (0x0C, UInt64(c.outLanes << 16 | c.lanes)), (0x18, UInt64(tile.latency)),
                                         (0x1C, UInt64(tile.interval)), (0x24, UInt64(g.resultDepth))]
        reads = identity.map { (address: $0.0, expect: $0.1, okay: true) } + [(address: 1 << g.map.regionBits, expect: nil, okay: false)]
        let limit = c.vectors * (tile.interval + 40) * 8 + 20_000

        while (vectorsSent < c.vectors || !expected.isEmpty || !pendingWrites.isEmpty || !expectedResponses.isEmpty
               || !reads.isEmpty || !readResponses.isEmpty) && cycle < limit {
            // A reset in the middle: everything in flight is dropped; the tables are written again before any vector.
            if cycle > 200 && rng.chance(0.0004) {
                try sim.poke("rst", 1)
                sim.step(1 + Int(rng.next() % 3))
                try sim.poke("rst", 0)
                cycle += 1
                resets += 1
                expected.removeAll(); beats.removeAll(); tvalid = false
                awShown = false; wShown = false; arShown = false
                expectedResponses.removeAll(); readResponses.removeAll(); reads.removeAll()
                tables = LinearSpec.tables(tile, &model)
                pendingWrites = writes(g, tables, tables: [0, 1, 2, 3, 4], rng: &rng)
                tablesLoaded = false
                staging = Staging(chunks: staging.words.count)
                continue
            }
            if !tablesLoaded && pendingWrites.isEmpty && expectedResponses.isEmpty { tablesLoaded = true }
            // More vectors (none until the tables are written, at the start and after a reset).
            if tablesLoaded && beats.isEmpty && vectorsSent < c.vectors {
                let x = LinearSpec.vector(tile, &model, tables)
                for b in 0..<tile.beats {
                    beats.append((pack(Array(x[(b * c.lanes)..<((b + 1) * c.lanes)]), width: c.dataW), b == tile.beats - 1, b == 0, x))
                }
                vectorsSent += 1
                // Sometimes a table reload queued behind the vectors in flight.
                if rng.chance(0.03) && pendingWrites.isEmpty {
                    let fresh = LinearSpec.tables(tile, &model)
                    tables = fresh
                    reloads += 1
                    pendingWrites = writes(g, fresh, tables: (0..<5).filter { _ in rng.chance(0.5) }, rng: &rng)
                }
            }
            // Drive the input stream: tvalid, once up, stays up until the transfer.
            if !tvalid && !beats.isEmpty && rng.chance(0.7) { tvalid = true }
            try sim.poke("s_axis_tvalid", tvalid ? 1 : 0)
            if tvalid {
                try sim.poke("s_axis_tdata", words: BitVector(words: beats[0].data, width: inW).words)
                try sim.poke("s_axis_tlast", beats[0].last ? 1 : 0)
            } else {
                try sim.poke("s_axis_tdata", words: randomWords(inW))
                try sim.poke("s_axis_tlast", garbage.next() & 1)
            }
            // Results: random tready, sometimes a long stall.
            if stall > 0 { stall -= 1 } else if rng.chance(0.01) { stall = 20 + Int(rng.next() % 200) }
            let tready = stall == 0 && rng.chance(0.7)
            try sim.poke("m_axis_tready", tready ? 1 : 0)
            // AXI4-Lite writes: address and data valid raised independently, held until the handshake.
            if let w = pendingWrites.first {
                if !awShown && rng.chance(0.6) { awShown = true }
                if !wShown && rng.chance(0.6) { wShown = true }
                try sim.poke("s_axil_awvalid", awShown ? 1 : 0)
                try sim.poke("s_axil_awaddr", awShown ? UInt64(w.address) : garbage.unsigned(width: aw))
                try sim.poke("s_axil_wvalid", wShown ? 1 : 0)
                try sim.poke("s_axil_wdata", wShown ? w.data : garbage.unsigned(width: 32))
                try sim.poke("s_axil_wstrb", wShown ? w.strobe : garbage.unsigned(width: 4))
            } else {
                try sim.poke("s_axil_awvalid", 0); try sim.poke("s_axil_wvalid", 0)
                try sim.poke("s_axil_awaddr", garbage.unsigned(width: aw)); try sim.poke("s_axil_wdata", garbage.unsigned(width: 32))
                try sim.poke("s_axil_wstrb", garbage.unsigned(width: 4))
            }
            let bready = rng.chance(0.6)
            try sim.poke("s_axil_bready", bready ? 1 : 0)
            if let r = reads.first {
                if !arShown && rng.chance(0.5) { arShown = true }
                try sim.poke("s_axil_arvalid", arShown ? 1 : 0)
                try sim.poke("s_axil_araddr", arShown ? UInt64(r.address) : garbage.unsigned(width: aw))
            } else {
                try sim.poke("s_axil_arvalid", 0); try sim.poke("s_axil_araddr", garbage.unsigned(width: aw))
            }
            let rready = rng.chance(0.6)
            try sim.poke("s_axil_rready", rready ? 1 : 0)
            sim.eval()

            // What happens at this edge.
            let inReady = try sim.peek("s_axis_tready"), awReady = try sim.peek("s_axil_awready"), arReady = try sim.peek("s_axil_arready")
            if tvalid && inReady == 1 {
                let beat = beats.removeFirst()
                if beat.first {
                        // The model's tables at admission are the tile's: writes wait until the tile is idle.
                    for y in LinearSpec.outY(tile, beat.x, modelTables).enumerated() {
                        expected.append((BitVector(words: y.element.words, width: outW).words, y.offset == tile.outputBeats - 1))
                    }
                }
                tvalid = false
            }
            if (try sim.peek("m_axis_tvalid")) == 1 && tready {
                guard let want = expected.first else {
                    XCTFail("a result beat with none expected at cycle \(cycle) — \(ctx)"); return
                }
                let got = try sim.peekWords("m_axis_tdata")
                let gotLast = try sim.peek("m_axis_tlast")
                if got != want.data || gotLast != (want.last ? 1 : 0) {
                    XCTFail("result beat \(resultsChecked) at cycle \(cycle): tdata \(got) tlast \(gotLast), "
                            + "expected \(want.data) tlast \(want.last); \(resets) resets, \(reloads) reloads so far — \(ctx)")
                    return
                }
                expected.removeFirst()
                resultsChecked += 1
            }
            if awShown && wShown && awReady == 1 {
                XCTAssertEqual(try sim.peek("s_axil_wready"), 1, "awready without wready — \(ctx)")
                let w = pendingWrites.removeFirst()
                if let commit = staging.accept(w, g) { apply(commit, g, to: &modelTables) }
                expectedResponses.append(w.expectOkay)
                awShown = false; wShown = false
            }
            if (try sim.peek("s_axil_bvalid")) == 1 && bready {
                guard !expectedResponses.isEmpty else { XCTFail("a write response with no write at cycle \(cycle) — \(ctx)"); return }
                let okay = expectedResponses.removeFirst()
                XCTAssertEqual(try sim.peek("s_axil_bresp"), okay ? 0 : 2, "write response at cycle \(cycle) — \(ctx)")
            }
            if arShown && arReady == 1 {
                let r = reads.removeFirst()
                readResponses.append((r.expect, r.okay))
                arShown = false
            }
            if (try sim.peek("s_axil_rvalid")) == 1 && rready {
                guard !readResponses.isEmpty else { XCTFail("a read response with no read at cycle \(cycle) — \(ctx)"); return }
                let r = readResponses.removeFirst()
                XCTAssertEqual(try sim.peek("s_axil_rresp"), r.okay ? 0 : 2, "read response at cycle \(cycle) — \(ctx)")
                if let v = r.expect { XCTAssertEqual(try sim.peek("s_axil_rdata"), v, "register read at cycle \(cycle) — \(ctx)") }
            }
            sim.step(1)
            cycle += 1
        }
        XCTAssertLessThan(cycle, limit, "did not finish: \(expected.count) result beats, \(pendingWrites.count) writes outstanding — \(ctx)")
        XCTAssertGreaterThan(resultsChecked, c.vectors * tile.outputBeats / 2, ctx)
        // Idle at the end: STATUS says nothing is in flight and no framing error.
        try sim.poke("s_axil_arvalid", 1); try sim.poke("s_axil_araddr", 0x28); try sim.poke("s_axil_rready", 1)
        sim.step(1)
        try sim.poke("s_axil_arvalid", 0)
        sim.eval()
        XCTAssertEqual(try sim.peek("s_axil_rvalid"), 1, ctx)
        XCTAssertEqual(try sim.peek("s_axil_rdata") & 0xFFFF_0006, 0, "STATUS at the end: nothing in flight, no framing error — \(ctx)")
    }

    func testDefaultTileOnBothBackends() throws {
        for backend in SimBackend.allCases {
            try Self.run(Config(), seed: SeededRandom.testSeed(1), backend: backend)
        }
    }

    func testParameterSets() throws {
        // Two-word weight entries and one result beat per vector; padded tdata (3 x 6 bits), no outliers;
        // a minimal FIFO (one result) that makes back-pressure reach the input.
        try Self.run(Config(n: 8, k: 32, lanes: 16, wbits: 4, topK: 1, outLanes: 8, vectors: 100), seed: SeededRandom.testSeed(2))
        try Self.run(Config(n: 4, k: 12, lanes: 3, wbits: 3, abits: 2, dataW: 6, cwW: 5, sW: 4, accW: 16, topK: 0, outLanes: 2,
                            vectors: 150), seed: SeededRandom.testSeed(3))
        try Self.run(Config(resultDepth: 4, vectors: 80), seed: SeededRandom.testSeed(4))
        // The deepest FPGA tile (block-RAM table copies with two term registers, the rank outlier engine at 5 stages,
        // the two-stage quantizers): a longer latency behind the same buses.
        try Self.run(Config(n: 8, k: 32, outLanes: 2, micro: ["ARCH": "replicated", "OUTLIER_ARCH": "rank", "OUTLIER_STAGES": "5",
                                                              "QUANT_STAGES": "2", "READ_STAGES": "2"], vectors: 80),
                     seed: SeededRandom.testSeed(7))
    }

    /// tlast on the wrong beat sets the sticky framing error; CONTROL bit 2 clears it.
    func testFramingErrorIsReportedAndCleared() throws {
        let g = try Config().generator()
        let sim = try makeSimulator(g.build())
        try sim.zeroInputs()
        try sim.reset()
        func status() throws -> UInt64 {
            try sim.poke("s_axil_arvalid", 1); try sim.poke("s_axil_araddr", 0x28); try sim.poke("s_axil_rready", 0)
            sim.step(1)
            try sim.poke("s_axil_arvalid", 0); try sim.poke("s_axil_rready", 1)
            sim.eval()
            let v = try sim.peek("s_axil_rdata")
            sim.step(1)
            return v
        }
        // Tables: the product table rebuild follows the codebook writes; one beat with tlast set, then idle.
        while try sim.peek("s_axis_tready") == 0 { sim.step(1) }
        try sim.poke("s_axis_tvalid", 1); try sim.poke("s_axis_tlast", 1)
        sim.step(1)
        try sim.poke("s_axis_tvalid", 0); try sim.poke("s_axis_tlast", 0)
        XCTAssertEqual(try status() & 0x6, 0x6, "framing error and vector open after tlast on beat 0 of 8")
        try sim.poke("s_axil_awvalid", 1); try sim.poke("s_axil_wvalid", 1); try sim.poke("s_axil_awaddr", 0x2C)
        try sim.poke("s_axil_wdata", 0x4); try sim.poke("s_axil_wstrb", 0xF); try sim.poke("s_axil_bready", 1)
        sim.eval()
        XCTAssertEqual(try sim.peek("s_axil_awready"), 1, "CONTROL is writable while a vector is open")
        sim.step(1)
        try sim.poke("s_axil_awvalid", 0); try sim.poke("s_axil_wvalid", 0)
        XCTAssertEqual(try sim.peek("s_axil_bvalid"), 1)
        XCTAssertEqual(try sim.peek("s_axil_bresp"), 0)
        sim.step(1)
        XCTAssertEqual(try status() & 0x6, 0x2, "framing error cleared, the vector still open")
    }

    /// AXI4-Stream: the result stream's tvalid does not depend on its tready within a cycle.
    func testNoCombinationalPathFromTreadyToTvalid() throws {
        let def = try Config().generator().build()
        XCTAssertFalse(def.combinationalPaths["m_axis_tvalid", default: []].contains("m_axis_tready"))
        XCTAssertFalse(def.combinationalPaths["m_axis_tdata", default: []].contains("m_axis_tready"))
        XCTAssertFalse(def.combinationalPaths["s_axil_bvalid", default: []].contains("s_axil_bready"))
        XCTAssertFalse(def.combinationalPaths["s_axil_rvalid", default: []].contains("s_axil_rready"))
    }

    func testRegisterMapAndHeader() throws {
        let g = try Config().generator()
        XCTAssertEqual(g.map.regionBits, 9)   // the weight table: 128 words of 4 bytes
        XCTAssertEqual(g.map.address(g.map.tables[4], entry: 3), 5 << 9 | 12)
        let h = g.map.cHeader(moduleName: "kllm_linear_axi")
        XCTAssertTrue(h.contains("#define KLLM_LINEAR_AXI_W_BASE 0xA00U"), h)
        XCTAssertTrue(h.contains("#define KLLM_LINEAR_AXI_REG_STATUS 0x028U"), h)
        // The header compiles as C with every warning an error, and its macros give the map's addresses.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kllm-axi-header-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try h.write(to: dir.appendingPathComponent("kllm_linear_axi.h"), atomically: true, encoding: .utf8)
        let program = """
            #include "kllm_linear_axi.h"
            _Static_assert(KLLM_LINEAR_AXI_W_ADDR(3, 0) == 0xA0CU, "W entry 3");
            _Static_assert(KLLM_LINEAR_AXI_REG_LATENCY == 0x18U && KLLM_LINEAR_AXI_LATENCY == \(g.tile.latency), "latency");
            int main(void) { return 0; }

            """
        try program.write(to: dir.appendingPathComponent("check.c"), atomically: true, encoding: .utf8)
        let cc = Process()
        cc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        cc.arguments = ["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", dir.appendingPathComponent("check.c").path]
        try cc.run()
        cc.waitUntilExit()
        XCTAssertEqual(cc.terminationStatus, 0, "the C header does not compile:\n\(h)")
        XCTAssertThrowsError(try Config(resultDepth: 6).generator()) { e in
            XCTAssertTrue("\(e)".contains("RESULT_DEPTH"), "\(e)")
        }
    }
}
