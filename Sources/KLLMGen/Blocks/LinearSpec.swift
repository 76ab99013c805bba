import BitVector
import KLLMGolden
import Randomness

/// `kllm_linear` (SPEC §5): its parameters, generator and vectors.
public enum LinearSpec {
    public static let rows = ParameterSpec.integer("N", default: 16, in: 1...4096, "output rows")
    public static let inputs = ParameterSpec.integer("K", default: 64, in: 1...4096, "input length")
    public static let lanes = ParameterSpec.integer("LANES", default: 8, in: 1...4096, "input elements per beat (divides K)")
    public static let weightBits = ParameterSpec.integer("WBITS", default: 4, in: BlockRules.indexWidths, "weight index width")
    public static let activationBits = ParameterSpec.integer("ABITS", default: 4, in: BlockRules.indexWidths, "activation index width")
    public static let dataWidth = ParameterSpec.integer("DATA_W", default: 8, in: BlockRules.valueWidths, "signed input, Ca and threshold width")
    public static let weightWidth = ParameterSpec.integer("CW_W", default: 8, in: 2...32, "signed weight-centroid width")
    public static let scaleWidth = ParameterSpec.integer("S_W", default: 8, in: 2...32, "signed row-scale width")
    public static let accWidth = ParameterSpec.integer("ACC_W", default: 32, in: 5...64, "signed sum width (>= CW_W + DATA_W + 1)")
    public static let topK = ParameterSpec.integer("TOPK", default: 2, in: 0...64, "outliers per side (0 = none)")
    public static let outLanes = ParameterSpec.integer("OUT_LANES", default: 4, in: 1...4096, "rows per output beat (divides N)")
    public static let rowsPerPass = ParameterSpec.integer("ROW_PAR", defaultTo: rows, in: 1...4096,
                                                          "micro-architecture: rows summed at once (divides N; fewer = less area, more cycles)")
    public static let architecture = ParameterSpec.choice(
        "ARCH", default: LinearGenerator.Architecture.registers,
        "micro-architecture: the product table in registers read through AND-OR selects (ASIC), or replicated, "
            + "a copy per row-at-once and lane in a synchronous-read memory (block RAM on an FPGA), pipelined (longer latency)")
        .onFPGA(LinearGenerator.Architecture.replicated)
    public static let outlierArchitecture = ParameterSpec.choice(
        "OUTLIER_ARCH", default: OrizuruGenerator.Architecture.batcher,
        "micro-architecture: the outlier engine's circuit (kllm_orizuru ARCH; rank for FPGAs)")
        .onFPGA(OrizuruGenerator.Architecture.rank)
    public static let outlierStages = ParameterSpec.integer(
        "OUTLIER_STAGES", default: 1, in: 1...64, "micro-architecture: the outlier engine's stage-1 clock stages (kllm_orizuru STAGES)")
        .onFPGA(OrizuruSpec.fpgaStages(following: outlierArchitecture))
    public static let quantizerStages = ParameterSpec.integer(
        "QUANT_STAGES", default: 1, in: 1...2,
        "micro-architecture: the quantizer's clock stages (kllm_quantizer STAGES; 2 registers its comparisons, one cycle more latency)")
        .onFPGA(2)
    public static let readStages = ParameterSpec.integer(
        "READ_STAGES", default: 1, in: 1...2,
        "micro-architecture (ARCH=replicated only): term registers after a product-table copy's read "
            + "(2: placement can put one next to the block RAM and one next to the adders; one cycle more latency)")
        .onFPGA(TargetDefault("2 with ARCH=replicated, else 1") { p in
            p.choice(architecture, as: LinearGenerator.Architecture.self) == .replicated ? 2 : 1
        })

    public static let block = BlockSpec(
        name: "kllm_linear", summary: "K-Means WAQ linear-layer tile with outlier compensation (SPEC 5)",
        parameters: [rows, inputs, lanes, weightBits, activationBits, dataWidth, weightWidth, scaleWidth, accWidth, topK, outLanes,
                     rowsPerPass, architecture, outlierArchitecture, outlierStages, quantizerStages, readStages],
        vectors: { p in Codec(try generator(p)) },
        generate: { p in try generator(p).build() })

    /// The generator for resolved values.
    public static func generator(_ p: ParameterValues) throws -> LinearGenerator {
        try LinearGenerator(p)
    }

    /// Random tables with the SPEC's shapes: sorted thresholds with repeats, Ca in any order.
    public static func tables(_ g: LinearGenerator, _ rng: inout SeededRandom) -> LinearTables {
        var thr = (0..<((1 << g.activationBits) - 1)).map { _ in rng.signed(width: g.dataWidth) }.sorted()
        for j in 1..<max(1, thr.count) where rng.next() % 5 == 0 { thr[j] = thr[j - 1] }
        return LinearTables(cw: (0..<(1 << g.weightBits)).map { _ in rng.signed(width: g.weightWidth) },
                            ca: (0..<(1 << g.activationBits)).map { _ in rng.signed(width: g.dataWidth) },
                            thresholds: thr,
                            scales: (0..<g.rows).map { _ in rng.signed(width: g.scaleWidth) },
                            weights: (0..<g.rows).map { _ in (0..<g.inputs).map { _ in Int(rng.next() % UInt64(1 << g.weightBits)) } })
    }

    /// A random input vector with ties, repeated extremes and values on thresholds.
    public static func vector(_ g: LinearGenerator, _ rng: inout SeededRandom, _ t: LinearTables) -> [Int64] {
        let range = BitVector.signedRange(g.dataWidth)
        return (0..<g.inputs).map { _ in
            switch rng.next() % 8 {
            case 0: return range.lowerBound
            case 1: return range.upperBound
            case 2: return t.thresholds.isEmpty ? 0 : t.thresholds[Int(rng.next() % UInt64(t.thresholds.count))]
            case 3: return Int64(rng.next() % 3) - 1
            default: return rng.signed(width: g.dataWidth)
            }
        }
    }

    /// The w_* words in address order: word r*B + b holds w[r][b*LANES + i] as element i.
    public static func weightWords(_ g: LinearGenerator, _ t: LinearTables) -> [BitVector] {
        t.weights.flatMap { row in
            (0..<g.beats).map { b in .bus(row[(b * g.lanes)..<((b + 1) * g.lanes)].map(Int64.init), width: g.weightBits) }
        }
    }

    /// `out_y` of each output beat of one vector, from the bit-exact model.
    public static func outY(_ g: LinearGenerator, _ x: [Int64], _ t: LinearTables) -> [BitVector] {
        let y = LinearModel.run(x, t, topK: g.topK, accWidth: g.accWidth, scaleWidth: g.scaleWidth).y
        return (0..<g.outputBeats).map { beat in .joined(y[(beat * g.outLanes)..<((beat + 1) * g.outLanes)].reversed()) }
    }

    /// The vector files (the `kllm-gen vectors` format) of given tables and input vectors, with
    /// `params.txt` holding the tile's `-p NAME=VALUE` options: a real model's tile for other tools.
    public static func vectorFiles(_ g: LinearGenerator, _ t: LinearTables, vectors: [[Int64]]) -> VectorSet {
        var set = Codec(g).files(t, vectors: vectors, gaps: Array(repeating: false, count: vectors.count * g.beats))
        set.add("params.txt", g.values.described.map { "-p \($0.name)=\($0.value)" })
        return set
    }

    /// Files: `count.hex` = {beats, output beats}; the tables `cw.hex`, `ca.hex`,
    /// `thr.hex`, `s.hex` (one signed entry per line, address order) and `w.hex`
    /// (one LANES*WBITS word per line, address order); `in.hex` = {gap, in_data}
    /// per beat; `expect.hex` = {out_row, out_y} per output beat (out_row is 0
    /// when the port does not exist).
    struct Codec: VectorCodec {
        let g: LinearGenerator
        init(_ g: LinearGenerator) { self.g = g }

        var rowWidth: Int { BitVector.addressWidth(entries: g.rows) }

        /// The output beats of one vector: {out_row, out_y}.
        func outputLines(_ x: [Int64], _ t: LinearTables) -> [BitVector] {
            LinearSpec.outY(g, x, t).enumerated().map { beat, y in BitVector(beat * g.outLanes, width: rowWidth).appending(y) }
        }

        /// `count` input beats, rounded up to whole vectors.
        func write(seed: UInt64, count: Int) throws -> VectorSet {
            guard count >= 1 else { throw CLIUsageError("--count must be at least 1 (got \(count))") }
            var rng = SeededRandom(seed: seed)
            let t = LinearSpec.tables(g, &rng)
            var vectors: [[Int64]] = [], gaps: [Bool] = []
            for _ in 0..<((count + g.beats - 1) / g.beats) {
                vectors.append(LinearSpec.vector(g, &rng, t))
                for _ in 0..<g.beats { gaps.append(rng.next() % 5 == 0) }
            }
            return files(t, vectors: vectors, gaps: gaps)
        }

        /// The vector files of `vectors` through tables `t`; `gaps[i]` marks an idle cycle before input beat i.
        func files(_ t: LinearTables, vectors: [[Int64]], gaps: [Bool]) -> VectorSet {
            var beats: [String] = [], expect: [String] = []
            for x in vectors {
                for b in 0..<g.beats {
                    let gap = BitVector(gaps[beats.count] ? 1 : 0, width: 1)
                    beats.append(gap.appending(.bus(Array(x[(b * g.lanes)..<((b + 1) * g.lanes)]), width: g.dataWidth)).hex)
                }
                expect += outputLines(x, t).map(\.hex)
            }
            func signed(_ v: [Int64], _ w: Int) -> [String] { v.map { BitVector(Int($0), width: w).hex } }
            var set = VectorSet()
            set.add("count.hex", [String(beats.count, radix: 16), String(expect.count, radix: 16)])
            set.add("cw.hex", signed(t.cw, g.weightWidth))
            set.add("ca.hex", signed(t.ca, g.dataWidth))
            set.add("thr.hex", signed(t.thresholds, g.dataWidth))
            set.add("s.hex", signed(t.scales, g.scaleWidth))
            set.add("w.hex", LinearSpec.weightWords(g, t).map(\.hex))
            set.add("in.hex", beats)
            set.add("expect.hex", expect)
            return set
        }

        func check(dir: String) throws -> String {
            let counts = try HexFile.read("\(dir)/count.hex", width: 32, expectedLines: 2)
            var c0 = FieldReader(counts[0]), c1 = FieldReader(counts[1])
            let nBeats = Int(c0.unsigned(32)), nResults = Int(c1.unsigned(32))
            func signed(_ file: String, _ entries: Int, _ w: Int) throws -> [Int64] {
                try HexFile.read("\(dir)/\(file)", width: w, expectedLines: entries).map(\.signedValue)
            }
            let words = try HexFile.read("\(dir)/w.hex", width: g.lanes * g.weightBits, expectedLines: g.rows * g.beats)
            let weights = (0..<g.rows).map { r in
                (0..<g.beats).flatMap { b -> [Int] in var f = FieldReader(words[r * g.beats + b]); return f.bus(g.lanes, width: g.weightBits, signed: false).map { Int($0) } }
            }
            let t = LinearTables(cw: try signed("cw.hex", 1 << g.weightBits, g.weightWidth),
                                 ca: try signed("ca.hex", 1 << g.activationBits, g.dataWidth),
                                 thresholds: try signed("thr.hex", (1 << g.activationBits) - 1, g.dataWidth),
                                 scales: try signed("s.hex", g.rows, g.scaleWidth), weights: weights)
            guard nBeats % g.beats == 0 else {
                throw VectorFileError(file: "\(dir)/in.hex", line: nil, reason: "\(nBeats) beats is not a whole number of \(g.beats)-beat vectors")
            }
            let lines = try HexFile.read("\(dir)/in.hex", width: 1 + g.lanes * g.dataWidth, expectedLines: nBeats)
            var expected: [BitVector] = []
            for v in 0..<(nBeats / g.beats) {
                let x = (0..<g.beats).flatMap { b -> [Int64] in
                    var f = FieldReader(lines[v * g.beats + b]); _ = f.unsigned(1); return f.bus(g.lanes, width: g.dataWidth, signed: true)
                }
                expected += outputLines(x, t)
            }
            guard expected.count == nResults else {
                throw VectorFileError(file: "\(dir)/in.hex", line: nil, reason: "its vectors give \(expected.count) results, count.hex says \(nResults)")
            }
            try HexFile.check("\(dir)/expect.hex", width: rowWidth + g.outLanes * g.outputWidth, against: expected)
            return "\(nBeats) beats, \(nResults) results consistent with the golden model"
        }
    }
}
