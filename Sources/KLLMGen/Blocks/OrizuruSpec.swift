import BitVector
import KLLMGolden
import Randomness

/// `kllm_orizuru` (SPEC §3): its parameters, generator and vectors.
public enum OrizuruSpec {
    public static let lanes = ParameterSpec.integer("LANES", default: 8, in: 1...256, "elements per beat")
    public static let dataWidth = ParameterSpec.integer("DATA_W", default: 16, in: BlockRules.valueWidths, "signed element width")
    public static let topK = ParameterSpec.integer("TOPK", default: 4, in: 1...64, "largest and smallest kept")
    public static let positionWidth = ParameterSpec.integer("POS_W", default: 16, in: BlockRules.positionWidths, "position width")
    public static let architecture = ParameterSpec.choice("ARCH", default: OrizuruGenerator.Architecture.batcher,
                                                          "circuit: Batcher sorting network, the paper's tournament trees, or rank-and-select (shallow, for FPGAs)")
        .onFPGA(OrizuruGenerator.Architecture.rank)
    public static let stages = ParameterSpec.integer("STAGES", default: 1, in: 1...64,
                                                     "clock stages: the tournament's k extractions (up to min(TOPK, LANES)); rank's ranks, selects, the merge's comparisons 1 then 2 beats ahead, then comparisons registered before the ranks (up to 5); latency 1 + STAGES")
        .onFPGA(fpgaStages(following: architecture))

    /// The FPGA default of a stage count that follows an Orizuru `ARCH` parameter
    /// (this block's, or a tile's `OUTLIER_ARCH`): rank's 5 stages, else 1.
    static func fpgaStages(following arch: ParameterSpec) -> TargetDefault {
        TargetDefault("5 with \(arch.name)=rank, else 1") { p in p.choice(arch, as: OrizuruGenerator.Architecture.self) == .rank ? 5 : 1 }
    }

    public static let block = BlockSpec(
        name: "kllm_orizuru", summary: "Orizuru top-k outlier engine (SPEC 3)", parameters: [lanes, dataWidth, topK, positionWidth, architecture, stages],
        vectors: { p in Codec(lanes: p[lanes], dataWidth: p[dataWidth], topK: p[topK], positionWidth: p[positionWidth]) },
        generate: { p in try OrizuruGenerator(p).build() })

    /// no table; in = {gap, in_last, in_data}; expect = {max_val, max_pos, min_val, min_pos} per vector.
    struct Codec: TransactionCodec {
        let lanes: Int, dataWidth: Int, topK: Int, positionWidth: Int

        var table: (entries: Int, width: Int) { (0, dataWidth) }
        var beatFields: [VectorField] {
            [VectorField("in_last", width: 1), VectorField("in_data", count: lanes, width: dataWidth, signed: true)]
        }
        var resultWidth: Int { 2 * topK * (dataWidth + positionWidth) }

        func stimulus(_ rng: inout SeededRandom, count: Int) -> (table: [Int64], beats: [[[Int64]]]) {
            let maxBeats = max(1, ((1 << min(positionWidth, 20)) - 1) / lanes)
            let last = rng.lastFlags(count: count, maxBeats: min(6, maxBeats))
            // Half the elements from a narrow range, so ties and repeated extremes are common.
            let beats = last.map { l in
                [[l ? 1 : 0], (0..<lanes).map { _ in rng.next() % 2 == 0 ? Int64(rng.next() % 7) - 3 : rng.signed(width: dataWidth) }]
            }
            return ([], beats)
        }

        func results(table: [Int64], beats: [[[Int64]]]) -> [BitVector] {
            var out: [BitVector] = [], current: [Int64] = []
            for b in beats {
                current += b[1]
                guard b[0][0] == 1 else { continue }
                let r = BlockModels.orizuru(current, topK: topK, posWidth: positionWidth)
                out.append(.joined([.bus(r.maxValues, width: dataWidth), .bus(r.maxPositions.map(Int64.init), width: positionWidth),
                                    .bus(r.minValues, width: dataWidth), .bus(r.minPositions.map(Int64.init), width: positionWidth)]))
                current = []
            }
            return out
        }
    }
}
