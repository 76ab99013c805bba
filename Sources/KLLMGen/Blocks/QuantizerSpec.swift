import BitVector
import KLLMGolden
import Randomness

/// `kllm_quantizer` (SPEC §2): its parameters, generator and vectors.
public enum QuantizerSpec {
    public static let lanes = ParameterSpec.integer("LANES", default: 8, in: 1...1024, "inputs per beat")
    public static let dataWidth = ParameterSpec.integer("DATA_W", default: 16, in: BlockRules.valueWidths, "signed input width")
    public static let indexBits = ParameterSpec.integer("IBITS", default: 4, in: BlockRules.indexWidths, "index width")
    public static let stages = ParameterSpec.integer("STAGES", default: 1, in: 1...2,
                                                     "micro-architecture: clock stages (2 registers the comparisons before the popcount; latency 2)")
        .onFPGA(2)

    public static let block = BlockSpec(
        name: "kllm_quantizer", summary: "activation quantizer by thresholds (SPEC 2)", parameters: [lanes, dataWidth, indexBits, stages],
        vectors: { p in Codec(lanes: p[lanes], dataWidth: p[dataWidth], indexBits: p[indexBits]) },
        generate: { p in try QuantizerGenerator(p).build() })

    /// table = the 2^IBITS - 1 thresholds; in = {gap, in_data}; expect = {out_idx}.
    struct Codec: TransactionCodec {
        let lanes: Int, dataWidth: Int, indexBits: Int

        var table: (entries: Int, width: Int) { ((1 << indexBits) - 1, dataWidth) }
        var beatFields: [VectorField] { [VectorField("in_data", count: lanes, width: dataWidth, signed: true)] }
        var resultWidth: Int { lanes * indexBits }

        func stimulus(_ rng: inout SeededRandom, count: Int) -> (table: [Int64], beats: [[[Int64]]]) {
            var thr = (0..<((1 << indexBits) - 1)).map { _ in rng.signed(width: dataWidth) }.sorted()
            for j in 1..<max(1, thr.count) where rng.next() % 5 == 0 { thr[j] = thr[j - 1] }   // equal neighbours
            let beats = (0..<count).map { _ in
                // A third of the inputs sit exactly on a threshold (ties go to the lower index).
                [(0..<lanes).map { _ in rng.next() % 3 == 0 && !thr.isEmpty ? thr[Int(rng.next() % UInt64(thr.count))] : rng.signed(width: dataWidth) }]
            }
            return (thr, beats)
        }

        func results(table: [Int64], beats: [[[Int64]]]) -> [BitVector] {
            beats.map { .bus($0[0].map { Int64(BlockModels.quantize($0, thresholds: table)) }, width: indexBits) }
        }
    }
}
