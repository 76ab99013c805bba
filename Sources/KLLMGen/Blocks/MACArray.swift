import HDL
import HDLLib
import HDLGen

/// The baseline an index MatMul replaces: a ROWS x COLS array of signed
/// multiply-accumulate PEs (uniform integer weights and activations, W4A4 as in
/// Atom, or W8A8), with the same streaming contract, accumulator width and output
/// stage as `kllm_index_matmul`, so the two differ only in the datapath:
///
///     out[r][c] = Σ_k w[r] at beat k × a[c] at beat k   (mod 2^ACC_W)
///
/// Ports as SPEC §1 without the table: `in_valid`, `in_ready`, `in_first`,
/// `in_last`, `w` (ROWS·W_W, signed elements), `a` (COLS·A_W, signed elements),
/// `out_valid`, `out_row` (when OUT_ROWS < ROWS), `out_acc`. Stage 1 registers
/// every product (loaded every cycle), stage 2 accumulates: latency L = 2, a beat every cycle.
public struct MACArrayGenerator {
    public let rows: Int, cols: Int, weightWidth: Int, activationWidth: Int, accWidth: Int, outRows: Int

    /// The resolved parameters (each checked against its `MACArraySpec` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `MACArraySpec` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(rows: Int? = nil, cols: Int? = nil, weightWidth: Int? = nil, activationWidth: Int? = nil,
                accWidth: Int? = nil, outRows: Int? = nil) throws {
        try self.init(MACArraySpec.block.resolve([
            (MACArraySpec.rows, rows),
            (MACArraySpec.cols, cols),
            (MACArraySpec.weightWidth, weightWidth),
            (MACArraySpec.activationWidth, activationWidth),
            (MACArraySpec.accWidth, accWidth),
            (MACArraySpec.outRows, outRows)
        ]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(MACArraySpec.block)
        let rows = values[MACArraySpec.rows]
        let cols = values[MACArraySpec.cols]
        let weightWidth = values[MACArraySpec.weightWidth]
        let activationWidth = values[MACArraySpec.activationWidth]
        let accWidth = values[MACArraySpec.accWidth]
        let outRows = values[MACArraySpec.outRows]
        self.values = values
        let S = MACArraySpec.self
        try requireParameter(S.accWidth.name, accWidth, in: (weightWidth + activationWidth)...64,
                             why: "an accumulator must hold a full product (W_W + A_W bits), at most 64")
        try requireParameter(S.outRows.name, outRows, in: 1...rows, why: "rows per output beat")
        guard rows % outRows == 0 else { throw ParameterError(parameter: S.outRows.name, value: outRows, reason: "must divide ROWS=\(rows)") }
        try BlockRules.portWidth("out_acc", outRows * cols * accWidth, hint: "lower OUT_ROWS")
        (self.rows, self.cols, self.weightWidth, self.activationWidth, self.accWidth, self.outRows) =
            (rows, cols, weightWidth, activationWidth, accWidth, outRows)
    }

    public static let latency = 2

    /// The ports: the `in_*` stream, `w`, `a`, then the results (SPEC §1 without the table).
    public struct Ports {
        public let stream: StreamSink
        public let w: HUInt, a: HUInt
        public let out: MatMulOutputs
    }

    /// Declares (or binds) the ports: one declaration for the block, its parents and simulators.
    public func ports(_ p: PortMaker) -> Ports {
        Ports(stream: p.streamSink("in"), w: p.input("w", .uint(rows * weightWidth)), a: p.input("a", .uint(cols * activationWidth)),
              out: MatMulOutputs.ports(p, rows: rows, cols: cols, outRows: outRows, accWidth: accWidth))
    }

    public func build() throws -> ModuleDef { try component().def }

    /// The elaborated block with its typed ports.
    public func component() throws -> TypedModule<Ports> {
        let m = ModuleBuilder("kllm_mac_array")
        m.record(values)
        m.annotate(.latency(Self.latency))
        m.doc = "baseline: signed multiply-accumulate array with the index MatMul's contract (W\(weightWidth)A\(activationWidth))"
        let io = m.ports(ports)
        let (inValid, inReady, inFirst, inLast) = (io.stream.valid, io.stream.ready, io.stream.first, io.stream.last)
        let w = io.w.splitSigned(rows).enumerated().map { m.node("w_\($0.offset)", $0.element) }
        let accept = m.node("accept", inValid & inReady)
        // Activations are zeroed without a beat, so every product (the stage-1 term) is 0.
        let a = io.a.splitSigned(cols).enumerated().map {
            m.node("a_\($0.offset)", MatMulAccumulators.gated(accept, $0.element))
        }

        // Stage 1: every product; stage 2: accumulate (in_first restarts).
        let s1 = MatMulStageOne(m, take: accept, accept: accept, first: inFirst, last: inLast)
        var products: [HSInt] = []
        for r in 0..<rows {
            for c in 0..<cols { products.append(m.delayed("p_\(r)_\(c)", w[r] * a[c])) }
        }
        let (values, accumulators) = MatMulAccumulators(cols: cols, accWidth: accWidth)
            .emit(m, terms: products, restart: s1.restart)
        let result = s1.result(m, values: values, accumulators: accumulators)
        MatMulOutputStage(rows: rows, cols: cols, outRows: outRows, accWidth: accWidth, resultDelay: Self.latency - 1)
            .emit(m, io.out, inReady: inReady, result, acceptedLast: accept & inLast)
        if outRows == rows {
            Contract.framedStream(m, accepted: accept, first: inFirst, last: inLast)
            statesPlainSum(m, io, accept: accept)
        }
        return try m.build(ports: ports)
    }

    /// The plain reference the array must equal: each PE's sum of w[r]·a[c] over the
    /// accepted beats of a dot product (restarted by in_first), wrapped to ACC_W, is
    /// its out_acc when the result leaves (single-beat results).
    private func statesPlainSum(_ m: ModuleBuilder, _ io: Ports, accept: HBool) {
        let w = io.w.splitSigned(rows), a = io.a.splitSigned(cols)
        let out = io.out.outAcc.splitSigned(rows * cols)
        for r in 0..<rows {
            for c in 0..<cols {
                let sum = m.propertyReg("ref_acc_\(r)_\(c)", .sint(accWidth), reset: 0)
                let next = mux(io.stream.first, HSInt(0, width: accWidth), sum) &+ (w[r] * a[c]).resized(to: accWidth)
                m.when(accept) { sum.assign(next) }
                m.when(io.out.outValid) {
                    m.assert(out[r * cols + c] .== m.past(next, Self.latency), "out_acc[\(r)][\(c)] is the plain sum of w*a over the dot product")
                }
            }
        }
    }
}

/// `kllm_mac_array`, the baseline of `kllm_index_matmul`: its parameters and generator.
public enum MACArraySpec {
    public static let rows = ParameterSpec.integer("ROWS", default: 8, in: 1...256, "weight rows")
    public static let cols = ParameterSpec.integer("COLS", default: 8, in: 1...256, "activation columns")
    public static let weightWidth = ParameterSpec.integer("W_W", default: 4, in: 2...16, "signed weight width (4: W4A4, 8: W8A8)")
    public static let activationWidth = ParameterSpec.integer("A_W", default: 4, in: 2...16, "signed activation width")
    public static let accWidth = ParameterSpec.integer("ACC_W", default: 32, in: 4...64, "signed accumulator width")
    public static let outRows = ParameterSpec.integer("OUT_ROWS", defaultTo: rows, in: 1...256, "rows per output beat (divides ROWS)")

    public static let block = BlockSpec(
        name: "kllm_mac_array", summary: "baseline: uniform integer multiply-accumulate array with the index MatMul's contract",
        parameters: [rows, cols, weightWidth, activationWidth, accWidth, outRows], inDefaultSet: false,
        generate: { p in try MACArrayGenerator(p).build() })
}
