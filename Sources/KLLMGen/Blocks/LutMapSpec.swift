import BitVector
import KLLMGolden
import Randomness

/// `kllm_lut_map` (SPEC §4a): its parameters, generator and vectors.
public enum LutMapSpec {
    public static let lanes = ParameterSpec.integer("LANES", default: 8, in: 1...1024, "indices per beat")
    public static let indexBits = ParameterSpec.integer("IBITS", default: 4, in: BlockRules.indexWidths, "index width")
    public static let outWidth = ParameterSpec.integer("OUT_W", default: 16, in: BlockRules.valueWidths, "signed output width")

    public static let block = BlockSpec(
        name: "kllm_lut_map", summary: "elementwise LUT on indices (SPEC 4a)", parameters: [lanes, indexBits, outWidth],
        vectors: { p in Codec(lanes: p[lanes], indexBits: p[indexBits], outWidth: p[outWidth]) },
        generate: { p in try LutMapGenerator(p).build() })

    /// table = F; in = {gap, in_idx}; expect = {out_val}.
    struct Codec: TransactionCodec {
        let lanes: Int, indexBits: Int, outWidth: Int

        var table: (entries: Int, width: Int) { (1 << indexBits, outWidth) }
        var beatFields: [VectorField] { [VectorField("in_idx", count: lanes, width: indexBits)] }
        var resultWidth: Int { lanes * outWidth }

        func stimulus(_ rng: inout SeededRandom, count: Int) -> (table: [Int64], beats: [[[Int64]]]) {
            let t = (0..<(1 << indexBits)).map { _ in rng.signed(width: outWidth) }
            let beats = (0..<count).map { _ in [(0..<lanes).map { _ in Int64(rng.next() % UInt64(1 << indexBits)) }] }
            return (t, beats)
        }

        func results(table: [Int64], beats: [[[Int64]]]) -> [BitVector] {
            beats.map { .bus(BlockModels.lutMap(table: table, indices: $0[0].map { Int($0) }), width: outWidth) }
        }
    }
}

/// `kllm_lut_reduce` (SPEC §4b): its parameters, generator and vectors.
public enum LutReduceSpec {
    public static let lanes = ParameterSpec.integer("LANES", default: 8, in: 1...1024, "indices per beat")
    public static let indexBits = ParameterSpec.integer("IBITS", default: 4, in: BlockRules.indexWidths, "index width")
    public static let valueWidth = ParameterSpec.integer("VAL_W", default: 16, in: BlockRules.valueWidths, "signed table value width")
    public static let accWidth = ParameterSpec.integer("ACC_W", default: 32, in: BlockRules.accumulatorWidths, "signed sum width")
    public static let stages = ParameterSpec.integer("STAGES", default: 1, in: 1...9,
                                                     "micro-architecture: clock stages of the dot product with G (2 registers the products, "
                                                         + "3 and up cut the adder tree too; at most IBITS + 1; latency 1 + STAGES)")
        .onFPGA(TargetDefault("min(3, IBITS + 1)") { p in Swift.min(3, p[indexBits] + 1) })

    public static let block = BlockSpec(
        name: "kllm_lut_reduce", summary: "index-domain reduction through a histogram (SPEC 4b)",
        parameters: [lanes, indexBits, valueWidth, accWidth, stages],
        vectors: { p in Codec(lanes: p[lanes], indexBits: p[indexBits], valueWidth: p[valueWidth], accWidth: p[accWidth]) },
        generate: { p in try LutReduceGenerator(p).build() })

    /// table = G; in = {gap, in_last, in_idx}; expect = {out_sum} per vector.
    struct Codec: TransactionCodec {
        let lanes: Int, indexBits: Int, valueWidth: Int, accWidth: Int

        var table: (entries: Int, width: Int) { (1 << indexBits, valueWidth) }
        var beatFields: [VectorField] { [VectorField("in_last", width: 1), VectorField("in_idx", count: lanes, width: indexBits)] }
        var resultWidth: Int { accWidth }

        func stimulus(_ rng: inout SeededRandom, count: Int) -> (table: [Int64], beats: [[[Int64]]]) {
            let t = (0..<(1 << indexBits)).map { _ in rng.signed(width: valueWidth) }
            let last = rng.lastFlags(count: count, maxBeats: 6)
            let beats = last.map { l in [[l ? 1 : 0], (0..<lanes).map { _ in Int64(rng.next() % UInt64(1 << indexBits)) }] }
            return (t, beats)
        }

        func results(table: [Int64], beats: [[[Int64]]]) -> [BitVector] {
            var out: [BitVector] = [], current: [Int] = []
            for b in beats {
                current += b[1].map { Int($0) }
                if b[0][0] == 1 {
                    out.append(.bus([BlockModels.lutReduce(table: table, indices: current, accWidth: accWidth)], width: accWidth))
                    current = []
                }
            }
            return out
        }
    }
}
