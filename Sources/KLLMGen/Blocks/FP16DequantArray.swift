import HDL
import HDLLib
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

    /// The resolved parameters (each checked against its `FP16DequantArraySpec` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `FP16DequantArraySpec` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(rows: Int? = nil, cols: Int? = nil, weightBits: Int? = nil, outRows: Int? = nil) throws {
        try self.init(FP16DequantArraySpec.block.resolve([
            (FP16DequantArraySpec.rows, rows),
            (FP16DequantArraySpec.cols, cols),
            (FP16DequantArraySpec.weightBits, weightBits),
            (FP16DequantArraySpec.outRows, outRows)
        ]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(FP16DequantArraySpec.block)
        let rows = values[FP16DequantArraySpec.rows]
        let cols = values[FP16DequantArraySpec.cols]
        let weightBits = values[FP16DequantArraySpec.weightBits]
        let outRows = values[FP16DequantArraySpec.outRows]
        self.values = values
        let S = FP16DequantArraySpec.self
        try requireParameter(S.outRows.name, outRows, in: 1...rows, why: "rows per output beat")
        guard rows % outRows == 0 else { throw ParameterError(parameter: S.outRows.name, value: outRows, reason: "must divide ROWS=\(rows)") }
        try BlockRules.portWidth("out_acc", outRows * cols * 32, hint: "lower OUT_ROWS")
        (self.rows, self.cols, self.weightBits, self.outRows) = (rows, cols, weightBits, outRows)
    }

    public static let latency = 2

    /// The ports: `cb_*` codebook write (FP16 bits), the `in_*` stream, `w_idx`, `a` (FP16 bits), then the results.
    public struct Ports {
        public let cb: TableWritePort<HUInt>
        public let stream: StreamSink
        public let wIdx: HUInt, a: HUInt
        public let out: MatMulOutputs
    }

    /// Declares (or binds) the ports: one declaration for the block, its parents and simulators.
    public func ports(_ p: PortMaker) -> Ports {
        Ports(cb: p.tableWrite("cb", addressWidth: weightBits, data: .uint(16)), stream: p.streamSink("in"),
              wIdx: p.input("w_idx", .uint(rows * weightBits)), a: p.input("a", .uint(cols * 16)),
              out: MatMulOutputs.ports(p, rows: rows, cols: cols, outRows: outRows, accWidth: 32))
    }

    public func build() throws -> ModuleDef { try component().def }

    /// The elaborated block with its typed ports.
    public func component() throws -> TypedModule<Ports> {
        let m = ModuleBuilder("kllm_fp16_dequant_array")
        m.record(values)
        m.annotate(.latency(Self.latency))
        m.doc = "baseline: FP16 codebook dequantize, FP16 x FP16 multiply, FP32 accumulate (round to nearest even)"
        let io = m.ports(ports)
        let (inValid, inReady, inFirst, inLast) = (io.stream.valid, io.stream.ready, io.stream.first, io.stream.last)
        let wIdx = io.wIdx.split(rows)
        let a = io.a.split(cols).enumerated().map { m.node("a_\($0.offset)", $0.element) }
        let codebook = m.registerTable("cb", count: 1 << weightBits, .uint(16), writtenBy: io.cb)
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
            .emit(m, io.out, inReady: inReady, result, acceptedLast: accept & inLast)
        return try m.build(ports: ports)
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
        generate: { p in try FP16DequantArrayGenerator(p).build() })
}
