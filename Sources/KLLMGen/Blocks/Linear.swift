import HDL
import HDLGen

/// SPEC §5 `kllm_linear`: one tile of a K-Means WAQ linear layer, y = s * (W x),
/// for one input vector at a time. It quantizes x itself (a `kllm_quantizer`
/// instance), finds its outliers itself (a `kllm_orizuru` instance), sums through
/// a product table T[i][j] = Cw[i] * Ca[j] that it builds from the loaded
/// codebooks, and compensates the outliers exactly.
///
/// Micro-architecture (`ROW_PAR` rows work at once, G = N / ROW_PAR passes per beat):
/// - Tables: Cw, Ca and s in registers, thresholds in the quantizers, the weights
///   in one memory bank per row (word b of row r holds w[r][b*LANES ..< (b+1)*LANES]).
///   Any Cw or Ca write (re)builds T, one entry per cycle, after the last write:
///   `in_ready` is low for 2^(WBITS+ABITS) cycles.
/// - Main sum: a beat is quantized at the edge that accepts it; in each of the next
///   G cycles every lane reads its column T[*][a] (2^WBITS banks of T, one per weight
///   index) and each of ROW_PAR rows selects its entry by w[r][lane], sums the lanes
///   and accumulates. On the last beat the sums go to a compensation bank, so the
///   next vector's main sum can start at once. `ARCH=replicated` is the FPGA datapath:
///   a copy of T per row-at-once and lane in a memory with a synchronous read port
///   (one block RAM each, all written together by the rebuild); each reads T[w][a] at
///   address {w, a} in the pass's cycle, a term register next to the adders takes the
///   entry (a block RAM's output is slow and far from them; READ_STAGES = 2 adds a
///   second one, so one can sit by the RAM and one by the adders), the lanes' sum is
///   registered, and the accumulation follows (D = 2 + READ_STAGES below; D = 0 for
///   the registers). Its compensation reads its weights synchronously and registers
///   the subtraction, the multiplier's inputs twice and the product (E = 4 below, its
///   one-lane quantizer two stages deep; else 0) and walks the outlier slots
///   as shift registers; its rebuild registers the codebook reads and the product twice each.
///   Its weights come from a synchronous-read bank per row-at-once (`LinearPassBanks`),
///   read two cycles ahead, so its passes read T a cycle after M1 (Λ = 1 below; else
///   Λ = QUANT_STAGES − 1), and it takes no beat in a weight-write cycle.
/// - Compensation, overlapping the next vector's main sum: the outlier lists of the
///   vector (max list, then min list; a position in both counted once, empty slots
///   skipped) are walked one slot per cycle: for outlier p every row reads w[r][p]
///   through a second port of its bank, and adds Cw[w[r][p]] * (x_p - Ca[a_p]),
///   a_p from a one-lane quantizer instance. The replicated datapath takes a slot in
///   G cycles, ROW_PAR rows each, from a copy of its pass banks (P = G below, else 1).
/// - Output: the bank moves to an output shift buffer with the scales; each beat
///   shows OUT_LANES rows of y = s * acc, rows ascending, on consecutive cycles.
///
/// Timing, with B = K / LANES beats per vector, NB = N / OUT_LANES output beats and
/// LO the outlier engine's latency (1 + OUTLIER_STAGES) and Λ as above:
/// latency L = G + Λ + D + 2 + R without outliers (TOPK = 0), else max(G + Λ + D, LO) + 2·TOPK·P + 3 + E + R,
/// R = 2 for `ARCH=replicated` (the scale multiply's partial products and their sum registered), else 0;
/// interval I = max(B·G, L − 1 − R, NB) cycles per vector in steady state (the last beat
/// of a vector waits, `in_ready` low, until I cycles after the previous last beat).
/// At the SPEC defaults (N = 16, K = 64, LANES = 8, TOPK = 2, OUT_LANES = 4) L = 9 and
/// I = 8: one input beat per cycle.
public struct LinearGenerator {
    /// Where the main sum's product table lives.
    public enum Architecture: String, CaseIterable, Sendable {
        /// One register per entry, read through AND-OR selects (the ASIC datapath).
        case registers
        /// A copy per row-at-once and lane in a synchronous-read memory (block RAM on an FPGA).
        case replicated
    }

    public let rows: Int, inputs: Int, lanes: Int
    public let weightBits: Int, activationBits: Int
    public let dataWidth: Int, weightWidth: Int, scaleWidth: Int, accWidth: Int
    public let topK: Int, outLanes: Int, rowsPerPass: Int
    public let architecture: Architecture
    /// Clock stages of the main sum's quantizer (kllm_quantizer STAGES): its index
    /// arrives Q − 1 cycles later than with one stage, and the passes follow it.
    public let quantizerStages: Int
    /// Term registers between a product-table copy's read and the lane sum (READ_STAGES,
    /// `ARCH=replicated` only).
    public let readStages: Int
    /// The outlier engine (nil when TOPK = 0).
    public let outlierEngine: OrizuruGenerator?

    /// Weight storage past this many bits is refused (the RTL keeps it in registers).
    public static let maxWeightBits = 1 << 24

    /// The resolved parameters (each checked against its `LinearSpec` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `LinearSpec` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(rows: Int? = nil, inputs: Int? = nil, lanes: Int? = nil, weightBits: Int? = nil, activationBits: Int? = nil,
                dataWidth: Int? = nil, weightWidth: Int? = nil, scaleWidth: Int? = nil, accWidth: Int? = nil,
                topK: Int? = nil, outLanes: Int? = nil, rowsPerPass: Int? = nil, architecture: Architecture? = nil,
                outlierArchitecture: OrizuruGenerator.Architecture? = nil, outlierStages: Int? = nil, quantizerStages: Int? = nil,
                readStages: Int? = nil) throws {
        try self.init(LinearSpec.block.resolve([
            (LinearSpec.rows, rows),
            (LinearSpec.inputs, inputs),
            (LinearSpec.lanes, lanes),
            (LinearSpec.weightBits, weightBits),
            (LinearSpec.activationBits, activationBits),
            (LinearSpec.dataWidth, dataWidth),
            (LinearSpec.weightWidth, weightWidth),
            (LinearSpec.scaleWidth, scaleWidth),
            (LinearSpec.accWidth, accWidth),
            (LinearSpec.topK, topK),
            (LinearSpec.outLanes, outLanes),
            (LinearSpec.rowsPerPass, rowsPerPass),
            (LinearSpec.architecture, ParameterSpec.choiceIndex(architecture)),
            (LinearSpec.outlierArchitecture, ParameterSpec.choiceIndex(outlierArchitecture)),
            (LinearSpec.outlierStages, outlierStages),
            (LinearSpec.quantizerStages, quantizerStages),
            (LinearSpec.readStages, readStages)
        ]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(LinearSpec.block)
        let rows = values[LinearSpec.rows]
        let inputs = values[LinearSpec.inputs]
        let lanes = values[LinearSpec.lanes]
        let weightBits = values[LinearSpec.weightBits]
        let activationBits = values[LinearSpec.activationBits]
        let dataWidth = values[LinearSpec.dataWidth]
        let weightWidth = values[LinearSpec.weightWidth]
        let scaleWidth = values[LinearSpec.scaleWidth]
        let accWidth = values[LinearSpec.accWidth]
        let topK = values[LinearSpec.topK]
        let outLanes = values[LinearSpec.outLanes]
        let rowsPerPass = values[LinearSpec.rowsPerPass]
        self.values = values
        let S = LinearSpec.self
        try Self.divisor(S.lanes.name, lanes, of: inputs, "K")
        try Self.divisor(S.outLanes.name, outLanes, of: rows, "N")
        let perPass = rowsPerPass
        try Self.divisor(S.rowsPerPass.name, perPass, of: rows, "N")
        try requireParameter(S.accWidth.name, accWidth, in: (weightWidth + dataWidth + 1)...64,
                             why: "ACC_W holds Cw*(x - Ca[a]), so at least CW_W + DATA_W + 1, at most 64")
        try Self.fits("in_data", S.lanes, lanes, elementWidth: dataWidth, of: inputs)
        try Self.fits("w_wdata", S.lanes, lanes, elementWidth: weightBits, of: inputs)
        try Self.fits("out_y", S.outLanes, outLanes, elementWidth: accWidth + scaleWidth, of: rows)
        guard lanes <= 1024 else {
            throw ParameterError(parameter: S.lanes.name, value: lanes, reason: "the quantizer takes at most 1024 lanes per beat")
        }
        if topK > 0 && lanes > 256 {
            throw ParameterError(parameter: S.lanes.name, value: lanes, reason: "the outlier engine takes at most 256 lanes per beat (or set TOPK=0)")
        }
        let weightStorage = rows * inputs * weightBits
        guard weightStorage <= Self.maxWeightBits else {
            throw ParameterError(parameter: S.rows.name, value: rows,
                                 reason: "the weight memory would hold N*K*WBITS = \(weightStorage) bits, over the \(Self.maxWeightBits) "
                                     + "this generator builds; tile the layer into fewer rows per tile")
        }
        (self.rows, self.inputs, self.lanes) = (rows, inputs, lanes)
        (self.weightBits, self.activationBits) = (weightBits, activationBits)
        (self.dataWidth, self.weightWidth, self.scaleWidth, self.accWidth) = (dataWidth, weightWidth, scaleWidth, accWidth)
        (self.topK, self.outLanes, self.rowsPerPass) = (topK, outLanes, perPass)
        architecture = values.choice(S.architecture, as: Architecture.self)
        quantizerStages = values[S.quantizerStages]
        readStages = values[S.readStages]
        if readStages > 1 && architecture != .replicated {
            throw ParameterError(parameter: S.readStages.name, value: readStages,
                                 reason: "registers the product-table copies' reads of ARCH=replicated only (ARCH=\(architecture.rawValue))")
        }
        outlierEngine = topK == 0 ? nil : try Self.outlierEngine(
            lanes: lanes, dataWidth: dataWidth, topK: topK, positionWidth: Self.positionWidth(inputs: inputs, topK: topK),
            architecture: values.choice(S.outlierArchitecture, as: OrizuruGenerator.Architecture.self), stages: values[S.outlierStages])
    }

    /// The `kllm_orizuru` configuration; its rules reported under this block's parameter names.
    private static func outlierEngine(lanes: Int, dataWidth: Int, topK: Int, positionWidth: Int,
                                      architecture: OrizuruGenerator.Architecture, stages: Int) throws -> OrizuruGenerator {
        do {
            return try OrizuruGenerator(lanes: lanes, dataWidth: dataWidth, topK: topK, positionWidth: positionWidth,
                                        architecture: architecture, stages: stages)
        } catch let e as ParameterError {
            let renamed = ["STAGES": LinearSpec.outlierStages.name, "ARCH": LinearSpec.outlierArchitecture.name][e.parameter] ?? e.parameter
            let reason = e.reason.replacingOccurrences(of: "ARCH=", with: "\(LinearSpec.outlierArchitecture.name)=")
            throw ParameterError(parameter: renamed, value: e.value, reason: reason)
        }
    }

    private static func divisor(_ name: String, _ v: Int, of total: Int, _ totalName: String) throws {
        guard v >= 1, v <= total, total % v == 0 else {
            throw ParameterError(parameter: name, value: v, reason: "must divide \(totalName)=\(total)")
        }
    }

    /// Refuses a port over 65,536 bits, naming the largest divisor that fits.
    private static func fits(_ port: String, _ p: ParameterSpec, _ count: Int, elementWidth: Int, of total: Int) throws {
        guard count * elementWidth > BlockRules.maxPortWidth else { return }
        let best = (1...total).filter { total % $0 == 0 && $0 * elementWidth <= BlockRules.maxPortWidth }.max() ?? 1
        throw ParameterError(parameter: p.name, value: count,
                             reason: "\(port) would be \(count * elementWidth) bits, over the 65,536-bit limit; \(p.name)=\(best) fits")
    }

    /// Beats per vector (K / LANES).
    public var beats: Int { inputs / lanes }
    /// Passes per beat (N / ROW_PAR).
    public var passes: Int { rows / rowsPerPass }
    /// Output beats per vector (N / OUT_LANES).
    public var outputBeats: Int { rows / outLanes }
    /// Compensation slots per vector (both outlier lists).
    var slots: Int { 2 * topK }
    /// Cycles from a pass's read of the product table to its accumulation (D: the
    /// memory's read register, READ_STAGES term registers and the lane sum's register).
    var tableReadDelay: Int { architecture == .replicated ? 2 + readStages : 0 }
    /// Cycles from M1 (the stage that holds an accepted beat) to its first pass's table read:
    /// 1 on the replicated datapath (its weights are read two cycles ahead, the first in the
    /// accept cycle) and with a two-stage quantizer (its index comes a cycle later), else 0.
    var readLag: Int { architecture == .replicated ? 1 : quantizerStages - 1 }
    /// Cycles per outlier slot in the compensation: G on the replicated datapath (ROW_PAR
    /// rows per cycle, like the main sum), 1 on the register datapath (every row at once).
    var compensationPasses: Int { architecture == .replicated ? passes : 1 }
    /// Registers in the compensation between an outlier's correction and its bank addition (E):
    /// 4 on the replicated datapath (its weight read, the two-stage one-lane quantizer, the
    /// multiplier's input registers, the products).
    var compensationDelay: Int { architecture == .replicated ? 4 : 0 }
    /// Cycles from the edge accepting a vector's last beat to its first output beat (SPEC L).
    public var latency: Int {
        (topK == 0 ? passes + readLag + tableReadDelay + 2 : compStart + slots * compensationPasses + 3 + compensationDelay) + outputDelay
    }
    /// Registers in the output buffer's scale multiply (R: 2 for `ARCH=replicated`, its
    /// partial products and their sum).
    var outputDelay: Int { architecture == .replicated ? 2 : 0 }
    /// The timeline cycle at whose end the output buffer loads a vector's sums.
    var outputLoadCycle: Int { latency - 2 - outputDelay }
    /// Steady-state cycles between the first beats of consecutive vectors: a vector's
    /// last beat restarts the one timeline, so it waits until the previous vector's
    /// sums have moved to the output buffer.
    public var interval: Int { Swift.max(beats * passes, outputLoadCycle + 1, outputBeats) }
    /// First compensation cycle, counted in cycles after the last beat's edge: the
    /// main sum is in the bank and the outlier lists are registered.
    var compStart: Int { Swift.max(passes + readLag + tableReadDelay, outlierEngine?.latency ?? 0) }
    /// Orizuru position width: holds every position below K and the empty marker.
    var positionWidth: Int { Self.positionWidth(inputs: inputs, topK: topK) }
    private static func positionWidth(inputs: Int, topK: Int) -> Int { BitVector.minWidth(Swift.max(inputs, topK), signed: false) }
    /// Width of a product-table entry (Cw * Ca, exact).
    var entryWidth: Int { weightWidth + dataWidth }
    /// Width of y (exact s * acc).
    public var outputWidth: Int { accWidth + scaleWidth }

    public func build() throws -> ModuleDef { try component().def }

    /// The elaborated tile with its typed ports.
    public func component() throws -> TypedModule<LinearPorts> {
        let m = ModuleBuilder("kllm_linear")
        m.record(values)
        m.annotate(.latency(latency))
        m.annotate(.interval(interval))
        m.doc = "K-Means WAQ linear-layer tile: y = s * (W x) through index tables with exact outlier compensation (SPEC 5)"
        let io = m.ports(ports)
        let tables = buildTables(m, io)
        let main = try buildMainSum(m, io, tables)
        try buildCompensationAndOutput(m, io, tables, main)
        return try m.build(ports: ports)
    }
}
