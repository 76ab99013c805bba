import BitVector
import HDLSim
import KLLMGen
import KLLMGolden
import Randomness
import SimTesting
import XCTest

/// kllm_lut_reduce and kllm_orizuru: vectors streamed in beats, back to back or
/// with gaps, against the golden model cycle by cycle.
final class VectorBlockTests: XCTestCase {
    override func setUp() { continueAfterFailure = false }

    static func runLutReduce(lanes: Int, indexBits: Int, valueWidth: Int, accWidth: Int, stages: Int = 1, beats: Int, seed: UInt64,
                             backend: SimBackend = .fromEnvironment) throws {
        let gen = try LutReduceGenerator(lanes: lanes, indexBits: indexBits, valueWidth: valueWidth, accWidth: accWidth, stages: stages)
        XCTAssertEqual(gen.latency, 1 + stages)
        let sim = try makeSimulator(gen.build(), backend: backend)
        var rng = SeededRandom(seed: seed)
        let ctx = "kllm_lut_reduce LANES=\(lanes) IBITS=\(indexBits) VAL_W=\(valueWidth) ACC_W=\(accWidth) STAGES=\(stages) seed \(seed) on \(backend)"
        try sim.zeroInputs()
        try sim.reset()
        XCTAssertEqual(try sim.peek("in_ready"), 1)
        var table: [Int64] = []
        let out = OutputSchedule()
        var cycle = 0
        func load() throws {
            table = (0..<(1 << indexBits)).map { _ in rng.signedWithExtremes(width: valueWidth) }
            for (a, v) in table.enumerated() {
                try sim.poke("tab_we", 1)
                try sim.poke("tab_waddr", UInt64(a))
                try sim.poke("tab_wdata", signed: v)
                sim.step(); cycle += 1
            }
            try sim.poke("tab_we", 0)
        }
        try load()
        var sent = 0, vectors = 0
        var current: [Int] = []
        var beatsLeft = 0
        while sent < beats || beatsLeft > 0 {
            if rng.chance(0.002) {
                // Reset mid-stream: the open vector and results in flight are gone.
                cycle += try injectReset(sim, out, &rng)
                beatsLeft = 0
                continue
            }
            if beatsLeft == 0 {
                if vectors > 0 && vectors % 500 == 0 && out.isEmpty { try load() }
                // Mostly short vectors; now and then a long one (wrap-around with narrow ACC_W).
                beatsLeft = rng.chance(0.05) ? 40 + rng.below(200) : 1 + rng.below(6)
                current = []
            }
            let valid = rng.chance(0.8)
            let idx = (0..<lanes).map { _ in rng.chance(0.3) ? (1 << indexBits) - 1 : rng.below(1 << indexBits) }
            let last = beatsLeft == 1
            try sim.poke("in_valid", valid ? 1 : 0)
            try sim.poke("in_last", valid ? (last ? 1 : 0) : UInt64(rng.below(2)))  // ignored while in_valid = 0
            try sim.poke("in_idx", words: pack(idx, width: indexBits))
            guard try out.check(sim, cycle: cycle, context: ctx) else { return }
            sim.step()
            if valid {
                current += idx
                sent += 1
                beatsLeft -= 1
                if last {
                    let sum = BlockModels.lutReduce(table: table, indices: current, accWidth: accWidth)
                    out.expect(at: cycle + gen.latency, .init(ports: [("out_sum", pack([sum], width: accWidth))],
                                                                note: "vector \(vectors) of \(current.count) elements"))
                    vectors += 1
                }
            }
            cycle += 1
        }
        guard try out.drain(sim, from: cycle, cycles: gen.latency + 2, context: ctx) else { return }
        XCTAssertEqual(out.checked + out.dropped, vectors)
    }

    func testLutReduceDefaults() throws {
        try Self.runLutReduce(lanes: 8, indexBits: 4, valueWidth: 16, accWidth: 32, beats: 40000, seed: SeededRandom.testSeed(31))
    }
    func testLutReduceOddSizesWraps() throws {
        try Self.runLutReduce(lanes: 3, indexBits: 3, valueWidth: 9, accWidth: 10, beats: 30000, seed: SeededRandom.testSeed(32))
    }
    func testLutReduceWideIndices() throws {
        try Self.runLutReduce(lanes: 5, indexBits: 6, valueWidth: 32, accWidth: 64, beats: 30000, seed: SeededRandom.testSeed(33))
    }
    /// The pipelined dot product (FPGA clocks): products registered, then the tree cut too, up to one cut per level.
    func testLutReduceStages() throws {
        try Self.runLutReduce(lanes: 8, indexBits: 4, valueWidth: 16, accWidth: 32, stages: 2, beats: 20000, seed: SeededRandom.testSeed(34))
        try Self.runLutReduce(lanes: 8, indexBits: 4, valueWidth: 16, accWidth: 32, stages: 3, beats: 20000, seed: SeededRandom.testSeed(35))
        try Self.runLutReduce(lanes: 3, indexBits: 3, valueWidth: 9, accWidth: 10, stages: 4, beats: 20000, seed: SeededRandom.testSeed(36))
        try Self.runLutReduce(lanes: 2, indexBits: 1, valueWidth: 5, accWidth: 7, stages: 2, beats: 10000, seed: SeededRandom.testSeed(37))
    }
    /// Counts past 2^17 (one vector of 24,000 beats), so the high part of a split product is not zero.
    func testLutReduceLongVectorUsesBothProductParts() throws {
        for stages in [1, 2, 3] {
            let gen = try LutReduceGenerator(stages: stages)
            let sim = try makeSimulator(gen.build())
            let seed = SeededRandom.testSeed(38 + UInt64(stages))
            var rng = SeededRandom(seed: seed)
            let ctx = "kllm_lut_reduce defaults STAGES=\(stages), one vector of 24,000 beats, seed \(seed)"
            try sim.zeroInputs()
            try sim.reset()
            let table = (0..<16).map { _ in rng.signedWithExtremes(width: 16) }
            for (a, v) in table.enumerated() {
                try sim.poke("tab_we", 1); try sim.poke("tab_waddr", UInt64(a)); try sim.poke("tab_wdata", signed: v)
                sim.step()
            }
            try sim.poke("tab_we", 0)
            var indices: [Int] = []
            let beats = 24_000
            for beat in 0..<beats {
                let idx = (0..<8).map { _ in rng.chance(0.9) ? 15 : rng.below(16) }
                indices += idx
                try sim.poke("in_valid", 1)
                try sim.poke("in_last", beat == beats - 1 ? 1 : 0)
                try sim.poke("in_idx", words: pack(idx, width: 4))
                sim.step()
            }
            try sim.poke("in_valid", 0)
            XCTAssertGreaterThan(indices.filter { $0 == 15 }.count, 1 << 17, ctx)
            for _ in 1..<gen.latency {
                XCTAssertEqual(try sim.peek("out_valid"), 0, ctx)
                sim.step()
            }
            XCTAssertEqual(try sim.peek("out_valid"), 1, ctx)
            let sum = BlockModels.lutReduce(table: table, indices: indices, accWidth: 32)
            XCTAssertEqual(try sim.peek("out_sum"), UInt64(bitPattern: sum) & 0xFFFF_FFFF, ctx)
        }
    }
    func testLutReduceStagesBeyondTreeRejected() {
        XCTAssertThrowsError(try LutReduceGenerator(indexBits: 2, stages: 4)) { error in
            XCTAssertEqual("\(error)", "illegal parameter STAGES=4: must be at most IBITS + 1 = 3: the dot product over 2^2 bins has 2 adder level(s) to cut after its products")
        }
    }

    static func runOrizuru(lanes: Int, dataWidth: Int, topK: Int, positionWidth: Int, beats: Int, seed: UInt64,
                    maxBeatsPerVector: Int, architecture: OrizuruGenerator.Architecture = .batcher, stages: Int = 1,
                    backend: SimBackend = .fromEnvironment) throws {
        let gen = try OrizuruGenerator(lanes: lanes, dataWidth: dataWidth, topK: topK, positionWidth: positionWidth,
                                       architecture: architecture, stages: stages)
        let sim = try makeSimulator(gen.build(), backend: backend)
        var rng = SeededRandom(seed: seed)
        let ctx = "kllm_orizuru \(architecture) STAGES=\(stages) LANES=\(lanes) DATA_W=\(dataWidth) TOPK=\(topK) POS_W=\(positionWidth) seed \(seed) on \(backend)"
        try sim.zeroInputs()
        try sim.reset()
        let out = OutputSchedule()
        var cycle = 0, sent = 0, vectors = 0
        var current: [Int64] = []
        var beatsLeft = 0
        var tieRange: Int64 = 4
        while sent < beats || beatsLeft > 0 {
            if rng.chance(0.002) {
                cycle += try injectReset(sim, out, &rng)
                beatsLeft = 0
                continue
            }
            if beatsLeft == 0 {
                beatsLeft = 1 + rng.below(maxBeatsPerVector)
                current = []
                tieRange = [2, 5, 1000][rng.below(3)]  // small ranges give many equal values
            }
            let valid = rng.chance(0.8)
            let x = (0..<lanes).map { _ -> Int64 in
                rng.chance(0.1) ? rng.signedWithExtremes(width: dataWidth)
                    : BitVector.wrapSigned(Int64(rng.below(Int(2 * tieRange + 1))) - tieRange, width: dataWidth)
            }
            let last = beatsLeft == 1
            try sim.poke("in_valid", valid ? 1 : 0)
            try sim.poke("in_last", valid && last ? 1 : 0)
            try sim.poke("in_data", words: pack(x, width: dataWidth))
            guard try out.check(sim, cycle: cycle, context: ctx) else { return }
            sim.step()
            if valid {
                current += x
                sent += 1
                beatsLeft -= 1
                if last {
                    let r = BlockModels.orizuru(current, topK: topK, posWidth: positionWidth)
                    out.expect(at: cycle + gen.latency, .init(ports: [
                        ("out_max_val", pack(r.maxValues, width: dataWidth)), ("out_max_pos", pack(r.maxPositions, width: positionWidth)),
                        ("out_min_val", pack(r.minValues, width: dataWidth)), ("out_min_pos", pack(r.minPositions, width: positionWidth)),
                    ], note: "vector \(vectors): \(current)"))
                    vectors += 1
                }
            }
            cycle += 1
        }
        guard try out.drain(sim, from: cycle, cycles: gen.latency + 2, context: ctx) else { return }
        XCTAssertEqual(out.checked + out.dropped, vectors)
    }

    func testOrizuruDefaults() throws {
        try Self.runOrizuru(lanes: 8, dataWidth: 16, topK: 4, positionWidth: 16, beats: 40000, seed: SeededRandom.testSeed(41), maxBeatsPerVector: 8)
    }
    func testOrizuruShortVectorsAndOddLanes() throws {
        // LANES = 3 < TOPK = 5: one-beat vectors leave empty slots.
        try Self.runOrizuru(lanes: 3, dataWidth: 7, topK: 5, positionWidth: 6, beats: 30000, seed: SeededRandom.testSeed(42), maxBeatsPerVector: 3)
    }
    // The tournament trees (the paper's Orizuru).
    func testOrizuruTournamentDefaults() throws {
        try Self.runOrizuru(lanes: 8, dataWidth: 16, topK: 4, positionWidth: 16, beats: 40000, seed: SeededRandom.testSeed(44),
                            maxBeatsPerVector: 8, architecture: .tournament)
    }
    func testOrizuruTournamentOddLanesAllWinners() throws {
        // LANES = 5 (padded to 8), TOPK = 5: every lane of a beat is extracted; LANES = 3 < TOPK leaves empty slots.
        try Self.runOrizuru(lanes: 5, dataWidth: 9, topK: 5, positionWidth: 8, beats: 30000, seed: SeededRandom.testSeed(45),
                            maxBeatsPerVector: 4, architecture: .tournament)
        try Self.runOrizuru(lanes: 3, dataWidth: 7, topK: 5, positionWidth: 6, beats: 20000, seed: SeededRandom.testSeed(46),
                            maxBeatsPerVector: 3, architecture: .tournament)
    }
    func testOrizuruTournamentWideBeatsAndSmallCases() throws {
        try Self.runOrizuru(lanes: 16, dataWidth: 8, topK: 8, positionWidth: 10, beats: 20000, seed: SeededRandom.testSeed(47),
                            maxBeatsPerVector: 6, architecture: .tournament)
        try Self.runOrizuru(lanes: 2, dataWidth: 4, topK: 2, positionWidth: 4, beats: 10000, seed: SeededRandom.testSeed(48),
                            maxBeatsPerVector: 5, architecture: .tournament)
        try Self.runOrizuru(lanes: 1, dataWidth: 4, topK: 3, positionWidth: 4, beats: 10000, seed: SeededRandom.testSeed(49),
                            maxBeatsPerVector: 9, architecture: .tournament)
    }
    func testOrizuruTournamentPipelined() throws {
        // Cuts between rounds: every round its own stage, and uneven groups (8 rounds over 3 stages).
        try Self.runOrizuru(lanes: 8, dataWidth: 16, topK: 4, positionWidth: 16, beats: 30000, seed: SeededRandom.testSeed(50),
                            maxBeatsPerVector: 8, architecture: .tournament, stages: 4)
        try Self.runOrizuru(lanes: 16, dataWidth: 8, topK: 8, positionWidth: 10, beats: 20000, seed: SeededRandom.testSeed(51),
                            maxBeatsPerVector: 6, architecture: .tournament, stages: 3)
        try Self.runOrizuru(lanes: 5, dataWidth: 9, topK: 5, positionWidth: 8, beats: 20000, seed: SeededRandom.testSeed(52),
                            maxBeatsPerVector: 4, architecture: .tournament, stages: 2)
    }
    // Rank-and-select (ARCH=rank): the defaults, every lane kept, TOPK above LANES, one lane, wide beats.
    func testOrizuruRankDefaults() throws {
        try Self.runOrizuru(lanes: 8, dataWidth: 16, topK: 4, positionWidth: 16, beats: 40000, seed: SeededRandom.testSeed(53),
                            maxBeatsPerVector: 8, architecture: .rank)
    }
    func testOrizuruRankOddSizes() throws {
        try Self.runOrizuru(lanes: 5, dataWidth: 9, topK: 5, positionWidth: 8, beats: 30000, seed: SeededRandom.testSeed(54),
                            maxBeatsPerVector: 4, architecture: .rank)
        try Self.runOrizuru(lanes: 3, dataWidth: 7, topK: 5, positionWidth: 6, beats: 20000, seed: SeededRandom.testSeed(55),
                            maxBeatsPerVector: 3, architecture: .rank)
        try Self.runOrizuru(lanes: 1, dataWidth: 4, topK: 3, positionWidth: 4, beats: 10000, seed: SeededRandom.testSeed(56),
                            maxBeatsPerVector: 9, architecture: .rank)
        try Self.runOrizuru(lanes: 16, dataWidth: 8, topK: 8, positionWidth: 10, beats: 20000, seed: SeededRandom.testSeed(57),
                            maxBeatsPerVector: 6, architecture: .rank)
        try Self.runOrizuru(lanes: 12, dataWidth: 5, topK: 3, positionWidth: 7, beats: 20000, seed: SeededRandom.testSeed(58),
                            maxBeatsPerVector: 5, architecture: .rank)
    }
    func testOrizuruRankPipelined() throws {
        try Self.runOrizuru(lanes: 8, dataWidth: 16, topK: 4, positionWidth: 16, beats: 30000, seed: SeededRandom.testSeed(59),
                            maxBeatsPerVector: 8, architecture: .rank, stages: 2)
        try Self.runOrizuru(lanes: 3, dataWidth: 7, topK: 5, positionWidth: 6, beats: 20000, seed: SeededRandom.testSeed(60),
                            maxBeatsPerVector: 3, architecture: .rank, stages: 2)
        try Self.runOrizuru(lanes: 1, dataWidth: 4, topK: 2, positionWidth: 4, beats: 5000, seed: SeededRandom.testSeed(61),
                            maxBeatsPerVector: 9, architecture: .rank, stages: 2)
        try Self.runOrizuru(lanes: 16, dataWidth: 8, topK: 8, positionWidth: 10, beats: 15000, seed: SeededRandom.testSeed(62),
                            maxBeatsPerVector: 6, architecture: .rank, stages: 2)
    }
    // The look-ahead merge (rank STAGES=3): vectors of one beat back to back (the
    // comparisons made ahead must follow a restart), idle gaps, TOPK above LANES.
    func testOrizuruRankLookAhead() throws {
        try Self.runOrizuru(lanes: 8, dataWidth: 16, topK: 4, positionWidth: 16, beats: 10000, seed: SeededRandom.testSeed(63),
                            maxBeatsPerVector: 8, architecture: .rank, stages: 3)
        try Self.runOrizuru(lanes: 3, dataWidth: 7, topK: 5, positionWidth: 6, beats: 8000, seed: SeededRandom.testSeed(64),
                            maxBeatsPerVector: 3, architecture: .rank, stages: 3)
        try Self.runOrizuru(lanes: 1, dataWidth: 4, topK: 2, positionWidth: 4, beats: 5000, seed: SeededRandom.testSeed(65),
                            maxBeatsPerVector: 9, architecture: .rank, stages: 3)
        try Self.runOrizuru(lanes: 16, dataWidth: 8, topK: 8, positionWidth: 10, beats: 6000, seed: SeededRandom.testSeed(66),
                            maxBeatsPerVector: 1, architecture: .rank, stages: 3)
    }
    // Two beats ahead (rank STAGES=4), and the comparisons registered too (STAGES=5): the same shapes.
    func testOrizuruRankLookAheadTwoBeats() throws {
        try Self.runOrizuru(lanes: 8, dataWidth: 16, topK: 4, positionWidth: 16, beats: 10000, seed: SeededRandom.testSeed(67),
                            maxBeatsPerVector: 8, architecture: .rank, stages: 4)
        try Self.runOrizuru(lanes: 8, dataWidth: 16, topK: 4, positionWidth: 16, beats: 10000, seed: SeededRandom.testSeed(71),
                            maxBeatsPerVector: 8, architecture: .rank, stages: 5)
        try Self.runOrizuru(lanes: 3, dataWidth: 7, topK: 5, positionWidth: 6, beats: 8000, seed: SeededRandom.testSeed(68),
                            maxBeatsPerVector: 3, architecture: .rank, stages: 4)
        try Self.runOrizuru(lanes: 1, dataWidth: 4, topK: 2, positionWidth: 4, beats: 5000, seed: SeededRandom.testSeed(72),
                            maxBeatsPerVector: 9, architecture: .rank, stages: 5)
        try Self.runOrizuru(lanes: 1, dataWidth: 4, topK: 2, positionWidth: 4, beats: 5000, seed: SeededRandom.testSeed(69),
                            maxBeatsPerVector: 9, architecture: .rank, stages: 4)
        try Self.runOrizuru(lanes: 16, dataWidth: 8, topK: 8, positionWidth: 10, beats: 6000, seed: SeededRandom.testSeed(70),
                            maxBeatsPerVector: 1, architecture: .rank, stages: 4)
    }
    func testOrizuruStagesAreChecked() {
        XCTAssertThrowsError(try OrizuruGenerator(architecture: .batcher, stages: 2)) { error in
            XCTAssertTrue("\(error)".contains("STAGES"), "\(error)")
        }
        XCTAssertThrowsError(try OrizuruGenerator(architecture: .rank, stages: 6)) { error in
            XCTAssertTrue("\(error)".contains("ARCH=rank has at most 5 stages"), "\(error)")
        }
        XCTAssertEqual(try OrizuruGenerator(architecture: .rank, stages: 2).latency, 3)
        XCTAssertEqual(try OrizuruGenerator(architecture: .rank, stages: 3).latency, 4)
        XCTAssertEqual(try OrizuruGenerator(architecture: .rank, stages: 4).latency, 5)
        XCTAssertEqual(try OrizuruGenerator(architecture: .rank, stages: 5).latency, 6)
        XCTAssertThrowsError(try OrizuruGenerator(lanes: 8, topK: 4, architecture: .tournament, stages: 5)) { error in
            XCTAssertTrue("\(error)".contains("min(TOPK, LANES) = 4"), "\(error)")
        }
        XCTAssertEqual(try OrizuruGenerator(topK: 4, architecture: .tournament, stages: 4).latency, 5)
    }
    func testOrizuruManyLanesNarrowPositions() throws {
        // 2^POS_W - 1 = 63 elements at most: up to 6 beats of 10.
        try Self.runOrizuru(lanes: 10, dataWidth: 12, topK: 3, positionWidth: 6, beats: 30000, seed: SeededRandom.testSeed(43), maxBeatsPerVector: 6)
    }
}
