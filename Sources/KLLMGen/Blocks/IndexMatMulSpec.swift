import BitVector
import KLLMGolden
import Randomness

/// `kllm_index_matmul` (SPEC §1): its parameters, generator and vectors.
public enum IndexMatMulSpec {
    public static let rows = ParameterSpec.integer("ROWS", default: 8, in: 1...256, "weight rows")
    public static let cols = ParameterSpec.integer("COLS", default: 8, in: 1...256, "activation columns")
    public static let weightBits = ParameterSpec.integer("WBITS", default: 4, in: BlockRules.indexWidths, "weight index width")
    public static let activationBits = ParameterSpec.integer("ABITS", default: 4, in: BlockRules.indexWidths, "activation index width")
    public static let lutWidth = ParameterSpec.integer("LUT_W", default: 16, in: BlockRules.valueWidths, "signed table entry width")
    public static let accWidth = ParameterSpec.integer("ACC_W", default: 32, in: BlockRules.accumulatorWidths, "signed accumulator width")
    public static let outRows = ParameterSpec.integer("OUT_ROWS", defaultTo: rows, in: 1...256, "rows per output beat (divides ROWS)")
    public static let architecture = ParameterSpec.choice("ARCH", default: IndexMatMulGenerator.Architecture.decoded,
                                                          "micro-architecture")
        .onFPGA(IndexMatMulGenerator.Architecture.replicated)
    public static let pesPerTable = ParameterSpec.integer(
        "PES_PER_TABLE", default: 1, in: 1...2,
        "micro-architecture: PEs reading one copy of T (ARCH=replicated; 2 pairs neighbouring columns on a dual-port RAM)")

    public static let block = BlockSpec(
        name: "kllm_index_matmul", summary: "index MatMul through the centroid-product table (SPEC 1)",
        parameters: [rows, cols, weightBits, activationBits, lutWidth, accWidth, outRows, architecture, pesPerTable],
        vectors: { p in
            Codec(rows: p[rows], cols: p[cols], weightBits: p[weightBits], activationBits: p[activationBits],
                  lutWidth: p[lutWidth], accWidth: p[accWidth], outRows: p[outRows])
        },
        generate: { p in try generator(p).build() })

    /// The generator for resolved values.
    public static func generator(_ p: ParameterValues) throws -> IndexMatMulGenerator {
        try IndexMatMulGenerator(p)
    }

    /// table = T; in = {gap, in_first, in_last, w_idx, a_idx}; expect = {out_row, out_acc} per
    /// output beat (out_row is written as 0 when the block has no out_row port).
    struct Codec: TransactionCodec {
        let rows: Int, cols: Int, weightBits: Int, activationBits: Int, lutWidth: Int, accWidth: Int, outRows: Int

        var rowWidth: Int { BitVector.addressWidth(entries: rows) }
        var table: (entries: Int, width: Int) { (1 << (weightBits + activationBits), lutWidth) }
        var beatFields: [VectorField] {
            [VectorField("in_first", width: 1), VectorField("in_last", width: 1),
             VectorField("w_idx", count: rows, width: weightBits), VectorField("a_idx", count: cols, width: activationBits)]
        }
        var resultWidth: Int { rowWidth + outRows * cols * accWidth }

        func stimulus(_ rng: inout SeededRandom, count: Int) -> (table: [Int64], beats: [[[Int64]]]) {
            let t = (0..<table.entries).map { _ in rng.signed(width: lutWidth) }
            var first = true
            let beats = rng.lastFlags(count: count, maxBeats: 8).map { last -> [[Int64]] in
                defer { first = last }
                return [[first ? 1 : 0], [last ? 1 : 0],
                        (0..<rows).map { _ in Int64(rng.next() % UInt64(1 << weightBits)) },
                        (0..<cols).map { _ in Int64(rng.next() % UInt64(1 << activationBits)) }]
            }
            return (t, beats)
        }

        func results(table: [Int64], beats: [[[Int64]]]) throws -> [BitVector] {
            var out: [BitVector] = []
            var w: [[Int]] = [], a: [[Int]] = []
            for (i, b) in beats.enumerated() {
                let first = b[0][0] == 1
                if first != w.isEmpty {
                    throw StreamError(beat: i, reason: first ? "in_first inside a dot product" : "dot product without in_first")
                }
                w.append(b[2].map { Int($0) })
                a.append(b[3].map { Int($0) })
                guard b[1][0] == 1 else { continue }
                let res = BlockModels.indexMatMul(table: table, aBits: activationBits, accWidth: accWidth, wIdx: w, aIdx: a)
                for g in 0..<(rows / outRows) {
                    let row = BitVector(g * outRows, width: rowWidth)
                    out.append(.joined([row, .bus(Array(res[(g * outRows)..<((g + 1) * outRows)]).flatMap { $0 }, width: accWidth)]))
                }
                w = []
                a = []
            }
            return out
        }
    }
}
