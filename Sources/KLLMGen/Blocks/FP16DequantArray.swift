import HDL
import HDLGen

/// The floating-point baseline an index MatMul replaces (the GPU / FIGLUT-style
/// W4A16 path): each row's weight index picks an FP16 centroid from a loadable
/// codebook, every PE multiplies it by its column's FP16 activation (the product
/// is exact in FP32) and accumulates in FP32 with round-to-nearest-even, in beat
/// order; the first beat of a dot product loads its product. Same stream, array
/// shape and output stage as `kllm_index_matmul`:
///
///     out[r][c] = fl32(... fl32(fl32(p_0 + p_1) + p_2) ... + p_{K-1}),  p_k = cb[w_idx[r] at k] × a[c] at k
///
/// Ports: `cb_we`, `cb_waddr` (WBITS), `cb_wdata` (16, FP16 bits; written while idle
/// as SPEC §1's table); `in_valid`, `in_ready`, `in_first`, `in_last`, `w_idx`
/// (ROWS·WBITS), `a` (COLS·16, FP16 bits); `out_valid`, `out_row` (when OUT_ROWS <
/// ROWS), `out_acc` (OUT_ROWS·COLS·32, FP32 bits). Codebook entries and activations
/// must be finite (no infinity or NaN: the datapath leaves them out); within that
/// every result is bit-exact with Swift's Float16 and Float arithmetic. Stage 1
/// registers the products, stage 2 accumulates: latency L = 2, a beat every cycle.
public struct FP16DequantArrayGenerator {
    public let rows: Int, cols: Int, weightBits: Int, outRows: Int

    public init(rows: Int = 8, cols: Int = 8, weightBits: Int = 4, outRows: Int? = nil) throws {
        let S = FP16DequantArraySpec.self
        try S.rows.check(rows)
        try S.cols.check(cols)
        try S.weightBits.check(weightBits)
        let outRows = outRows ?? rows
        try requireParameter(S.outRows.name, outRows, in: 1...rows, why: "rows per output beat")
        guard rows % outRows == 0 else { throw ParameterError(parameter: S.outRows.name, value: outRows, reason: "must divide ROWS=\(rows)") }
        try BlockRules.portWidth("out_acc", outRows * cols * 32, hint: "lower OUT_ROWS")
        (self.rows, self.cols, self.weightBits, self.outRows) = (rows, cols, weightBits, outRows)
    }

    public static let latency = 2

    public func build() throws -> ModuleDef {
        let m = ModuleBuilder("kllm_fp16_dequant_array")
        m.parameters = [("ROWS", "\(rows)"), ("COLS", "\(cols)"), ("WBITS", "\(weightBits)"), ("OUT_ROWS", "\(outRows)")]
        m.annotate(.latency(Self.latency))
        m.doc = "baseline: FP16 codebook dequantize, FP16 x FP16 multiply, FP32 accumulate (round to nearest even)"
        let cbWe = m.input("cb_we", .bool)
        let cbWaddr = m.input("cb_waddr", .uint(weightBits))
        let cbWdata = m.input("cb_wdata", .uint(16))
        let inValid = m.input("in_valid", .bool)
        let inReady = m.output("in_ready", .bool)
        let inFirst = m.input("in_first", .bool)
        let inLast = m.input("in_last", .bool)
        let wIdx = m.input("w_idx", .uint(rows * weightBits)).split(rows)
        let a = m.input("a", .uint(cols * 16)).split(cols).enumerated().map { m.node("a_\($0.offset)", $0.element) }
        let codebook = m.regs("cb", count: 1 << weightBits, .uint(16))
        for i in 0..<codebook.count { m.when(cbWe & (cbWaddr .== i)) { codebook[i].assign(cbWdata) } }
        let accept = m.node("accept", inValid & inReady)
        let fp = FloatCircuits(m: m)

        // Stage 1: each row's centroid, every product; stage 2: accumulate (in_first restarts).
        let s1 = MatMulStageOne(m, take: accept, accept: accept, first: inFirst, last: inLast)
        var values: [HSInt] = [], accumulators: [HSInt] = []
        for r in 0..<rows {
            let centroid = m.node("w_\(r)", codebook.at(wIdx[r]))
            for c in 0..<cols {
                let product = m.delayed("p_\(r)_\(c)", fp.fp16Product("prod_\(r)_\(c)", centroid, a[c]))
                let acc = m.reg("acc_\(r)_\(c)", .uint(32))
                let next = m.node("acc_next_\(r)_\(c)", mux(s1.restart, product, fp.fp32Add("sum_\(r)_\(c)", acc, product)))
                m.when(s1.valid) { acc.assign(next) }
                values.append(next.asSInt)
                accumulators.append(acc.asSInt)
            }
        }
        let result = s1.result(m, values: values, accumulators: accumulators)
        MatMulOutputStage(rows: rows, cols: cols, outRows: outRows, accWidth: 32, resultDelay: Self.latency - 1)
            .emit(m, inReady: inReady, result, acceptedLast: accept & inLast)
        Contract.registerTable(m, "cb", entries: codebook.elements, we: cbWe, waddr: cbWaddr, wdata: cbWdata)
        return try m.build()
    }
}

/// `kllm_fp16_dequant_array`, the floating-point baseline of `kllm_index_matmul`.
public enum FP16DequantArraySpec {
    public static let rows = ParameterSpec.integer("ROWS", default: 8, in: 1...256, "weight rows")
    public static let cols = ParameterSpec.integer("COLS", default: 8, in: 1...256, "activation columns")
    public static let weightBits = ParameterSpec.integer("WBITS", default: 4, in: BlockRules.indexWidths, "weight index width")
    public static let outRows = ParameterSpec.integer("OUT_ROWS", defaultTo: rows, in: 1...256, "rows per output beat (divides ROWS)")

    public static let block = BlockSpec(
        name: "kllm_fp16_dequant_array",
        summary: "baseline: FP16 codebook dequantize-multiply, FP32 accumulate, with the index MatMul's contract",
        parameters: [rows, cols, weightBits, outRows], inDefaultSet: false,
        generate: { p in
            try FP16DequantArrayGenerator(rows: p[rows], cols: p[cols], weightBits: p[weightBits], outRows: p[outRows]).build()
        })
}
