import HDL
import HDLLib
import HDLGen

/// SPEC §1 `kllm_index_matmul`: `out[r][c] = Σ_k T[w_idx[r]][a_idx[c]]` over the
/// beats of a dot product, wrapped to signed ACC_W bits, with T a loadable table of
/// 2^(WBITS+ABITS) signed LUT_W-bit entries (weight index in the high address bits).
///
/// Three micro-architectures keep the same contract:
/// - `broadcast`: each row reads its whole table row T[w_idx[r]][*] once per beat
///   (2^ABITS DSL memory banks, one per activation index), each PE selects its
///   entry by a_idx[c] and accumulates. A beat every cycle; latency L = 2.
/// - `decoded`: the same two stages, with every index decoded once into one-hot
///   lines shared along its row or column and the table fetch and the per-PE
///   select built as AND-OR gates over them (no multiplexer trees, no read port).
///   A beat every cycle; latency L = 2. The default: the smaller and faster of the
///   two on Nangate45 (README, "Area and timing").
/// - `histogram`: each PE counts how often every (w, a) index pair occurs; after
///   the last beat the counters shift out past one table read per pair and every
///   PE takes one small dot product count·T. `in_ready` is low while draining;
///   latency L = 2^(WBITS+ABITS) + 1.
/// - `replicated`: for FPGAs, a copy of T per PE in a synchronous-read RAM (block
///   RAM), read at {w_idx[r], a_idx[c]}; the RAM's output register is the term
///   register; a second term register sits next to the accumulators. A beat every
///   cycle; latency L = 3. PES_PER_TABLE=2 gives two neighbouring columns one copy,
///   read through the two ports of a dual-port RAM (half the block RAMs).
/// With OUT_ROWS < ROWS a finished result is copied into a shift buffer that
/// sends OUT_ROWS rows per cycle (ascending `out_row`); `in_ready` drops when a
/// new result would otherwise arrive before the buffer has drained.
public struct IndexMatMulGenerator {
    /// The micro-architecture.
    public enum Architecture: String, CaseIterable, Sendable {
        case broadcast
        case decoded
        case histogram
        case replicated
    }

    public let rows: Int
    public let cols: Int
    public let weightBits: Int
    public let activationBits: Int
    public let lutWidth: Int
    public let accWidth: Int
    public let outRows: Int
    public let architecture: Architecture
    /// PEs that read one copy of T (`replicated`: 1, or 2 on the two ports of a dual-port RAM).
    public let pesPerTable: Int

    /// The histogram architecture keeps ROWS·COLS·2^(WBITS+ABITS) counters; past this it is refused.
    public static let maxHistogramCounters = 1 << 16

    /// The resolved parameters (each checked against its `IndexMatMulSpec` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `IndexMatMulSpec` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(rows: Int? = nil, cols: Int? = nil, weightBits: Int? = nil, activationBits: Int? = nil,
                lutWidth: Int? = nil, accWidth: Int? = nil, outRows: Int? = nil, architecture: Architecture? = nil,
                pesPerTable: Int? = nil) throws {
        try self.init(IndexMatMulSpec.block.resolve([
            (IndexMatMulSpec.rows, rows),
            (IndexMatMulSpec.cols, cols),
            (IndexMatMulSpec.weightBits, weightBits),
            (IndexMatMulSpec.activationBits, activationBits),
            (IndexMatMulSpec.lutWidth, lutWidth),
            (IndexMatMulSpec.accWidth, accWidth),
            (IndexMatMulSpec.outRows, outRows),
            (IndexMatMulSpec.architecture, ParameterSpec.choiceIndex(architecture)),
            (IndexMatMulSpec.pesPerTable, pesPerTable)
        ]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(IndexMatMulSpec.block)
        let rows = values[IndexMatMulSpec.rows]
        let cols = values[IndexMatMulSpec.cols]
        let weightBits = values[IndexMatMulSpec.weightBits]
        let activationBits = values[IndexMatMulSpec.activationBits]
        let lutWidth = values[IndexMatMulSpec.lutWidth]
        let accWidth = values[IndexMatMulSpec.accWidth]
        let outRows = values[IndexMatMulSpec.outRows]
        let architecture = values.choice(IndexMatMulSpec.architecture, as: Architecture.self)
        let pesPerTable = values[IndexMatMulSpec.pesPerTable]
        self.values = values
        if pesPerTable > 1 && architecture != .replicated {
            throw ParameterError(parameter: IndexMatMulSpec.pesPerTable.name, value: pesPerTable,
                                 reason: "shares a table copy between PEs of ARCH=replicated only (ARCH=\(architecture.rawValue))")
        }
        try BlockRules.accumulatorWidth(IndexMatMulSpec.accWidth, accWidth, entry: lutWidth, entryName: "LUT_W")
        try requireParameter(IndexMatMulSpec.outRows.name, outRows, in: 1...rows, why: "rows per output beat")
        guard rows % outRows == 0 else {
            throw ParameterError(parameter: "OUT_ROWS", value: outRows, reason: "must divide ROWS=\(rows)")
        }
        let outWidth = outRows * cols * accWidth
        if outWidth > BlockRules.maxPortWidth {
            var fit = outRows
            while fit > 1 && (fit * cols * accWidth > BlockRules.maxPortWidth || rows % fit != 0) { fit -= 1 }
            throw ParameterError(parameter: "OUT_ROWS", value: outRows,
                                 reason: "out_acc would be \(outWidth) bits, over the 65,536-bit limit; lower OUT_ROWS (OUT_ROWS=\(fit) fits)")
        }
        if architecture == .histogram {
            let counters = rows * cols << (weightBits + activationBits)
            guard counters <= Self.maxHistogramCounters else {
                throw ParameterError(parameter: "ARCH", value: Architecture.histogram.rawValue,
                                     reason: "the histogram architecture needs ROWS*COLS*2^(WBITS+ABITS) = \(counters) counters, "
                                         + "over \(Self.maxHistogramCounters); use ARCH=broadcast or fewer index bits")
            }
        }
        self.rows = rows
        self.cols = cols
        self.weightBits = weightBits
        self.activationBits = activationBits
        self.lutWidth = lutWidth
        self.accWidth = accWidth
        self.outRows = outRows
        self.architecture = architecture
        self.pesPerTable = pesPerTable
    }

    /// Cycles from accepting the last beat to the first output beat (SPEC latency).
    public var latency: Int {
        switch architecture {
        case .broadcast, .decoded: return 2
        case .replicated: return 3
        case .histogram: return (1 << (weightBits + activationBits)) + 1
        }
    }

    /// Edges from accepting the last beat to the edge that produces the result.
    var resultDelay: Int { latency - 1 }

    /// The ports in SPEC order: `lut_*` table write, the `in_*` stream, `w_idx`, `a_idx`, then the results.
    public struct Ports {
        public let lut: TableWritePort<HSInt>
        public let stream: StreamSink
        public let wIdx: HUInt, aIdx: HUInt
        public let out: MatMulOutputs
    }

    /// Declares (or binds) the ports: one declaration for the block, its parents and simulators.
    public func ports(_ p: PortMaker) -> Ports {
        Ports(lut: p.tableWrite("lut", addressWidth: weightBits + activationBits, data: .sint(lutWidth)), stream: p.streamSink("in"),
              wIdx: p.input("w_idx", .uint(rows * weightBits)), aIdx: p.input("a_idx", .uint(cols * activationBits)),
              out: MatMulOutputs.ports(p, rows: rows, cols: cols, outRows: outRows, accWidth: accWidth))
    }

    public func build() throws -> ModuleDef { try component().def }

    /// The elaborated block with its typed ports.
    public func component() throws -> TypedModule<Ports> {
        let m = ModuleBuilder("kllm_index_matmul")
        m.record(values)
        m.annotate(.latency(latency))
        m.doc = "index MatMul through a centroid-product table (SPEC 1), \(architecture.rawValue) micro-architecture"
        let io = m.ports(ports)
        let result: MatMulResult
        switch architecture {
        case .broadcast: result = buildBroadcast(m, io)
        case .decoded: result = buildDecoded(m, io)
        case .histogram: result = buildHistogram(m, io)
        case .replicated: result = buildReplicated(m, io)
        }
        MatMulOutputStage(rows: rows, cols: cols, outRows: outRows, accWidth: accWidth, resultDelay: resultDelay)
            .emit(m, io.out, inReady: io.stream.ready, result, acceptedLast: io.stream.accepted & io.stream.last)
        return try m.build(ports: ports)
    }
}

/// What a micro-architecture hands to the output stage.
struct MatMulResult {
    /// 1 at the edge that produces a finished result.
    let done: HBool
    /// The finished value of every PE at that edge, row-major.
    let values: [HSInt]
    /// The accumulators themselves (valid after `done`, until the next dot product writes them).
    let accumulators: [HSInt]
    /// 1 while a result is between its last beat and `done` (blocks a new last beat when buffered).
    let pending: HBool
    /// `in_ready` as far as the datapath is concerned.
    let datapathReady: HBool
}
