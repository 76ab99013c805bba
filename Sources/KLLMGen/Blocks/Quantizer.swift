import HDL
import HDLGen
import HDLLib

/// SPEC §2 `kllm_quantizer`: each lane's index is the number of the 2^IBITS - 1
/// thresholds strictly below its input (a tie goes to the lower index), from
/// parallel comparators and a popcount adder tree, registered: latency L = 1; with
/// STAGES = 2 the comparisons are registered before the popcount (L = 2), for
/// clocks where compare and popcount do not fit one cycle (an FPGA's carry chains).
/// Thresholds live in registers (every lane compares against all of them at once);
/// a write to address 2^IBITS - 1 is ignored.
public struct QuantizerGenerator {
    public let lanes: Int
    public let dataWidth: Int
    public let indexBits: Int
    /// Clock stages (1: compare and popcount in one cycle; 2: the comparisons registered between them).
    public let stages: Int

    /// The resolved parameters (each checked against its `QuantizerSpec` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `QuantizerSpec` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(lanes: Int? = nil, dataWidth: Int? = nil, indexBits: Int? = nil, stages: Int? = nil) throws {
        try self.init(QuantizerSpec.block.resolve([
            (QuantizerSpec.lanes, lanes),
            (QuantizerSpec.dataWidth, dataWidth),
            (QuantizerSpec.indexBits, indexBits),
            (QuantizerSpec.stages, stages)
        ]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(QuantizerSpec.block)
        let lanes = values[QuantizerSpec.lanes]
        let dataWidth = values[QuantizerSpec.dataWidth]
        let indexBits = values[QuantizerSpec.indexBits]
        self.values = values
        try BlockRules.portWidth("in_data", lanes * dataWidth, hint: "lower LANES")
        self.lanes = lanes
        self.dataWidth = dataWidth
        self.indexBits = indexBits
        self.stages = values[QuantizerSpec.stages]
    }

    /// Cycles from an accepted beat to its indices (SPEC latency): one per clock stage.
    public var latency: Int { stages }

    /// The ports in SPEC order: `thr_*` table write, `in_valid`, `in_data`, `out_valid`, `out_idx`.
    public struct Ports {
        public let thr: TableWritePort<HSInt>
        public let inValid: HBool, inData: HUInt
        public let outValid: HBool, outIdx: HUInt
    }

    /// Declares (or binds) the ports: one declaration for the block, its parents and simulators.
    public func ports(_ p: PortMaker) -> Ports {
        Ports(thr: p.tableWrite("thr", addressWidth: indexBits, data: .sint(dataWidth)),
              inValid: p.input("in_valid", .bool), inData: p.input("in_data", .uint(lanes * dataWidth)),
              outValid: p.output("out_valid", .bool), outIdx: p.output("out_idx", .uint(lanes * indexBits)))
    }

    public func build() throws -> ModuleDef { try component().def }

    /// The elaborated block with its typed ports.
    public func component() throws -> TypedModule<Ports> {
        let m = ModuleBuilder("kllm_quantizer")
        m.record(values)
        m.annotate(.latency(latency))
        m.doc = "activation quantizer: idx(x) = number of thresholds j with x > thr[j] (SPEC 2)"
        let io = m.ports(ports)
        let (inValid, outValid) = (io.inValid, io.outValid)

        let count = (1 << indexBits) - 1
        let thr = m.registerTable("thr", count: count, .sint(dataWidth), writtenBy: io.thr)
        let x = io.inData.splitSigned(lanes)
        // With two stages the comparisons of a beat wait in registers (loaded only by a beat) for one cycle.
        let compared = m.stage("compared_valid", inValid, registered: stages == 2, reset: 0)
        let idx = m.regs("idx", count: lanes, .uint(indexBits), enable: compared)
        for lane in 0..<lanes {
            // Thermometer code: bit j is 1 when the input lies above threshold j.
            let xi = m.node("x_\(lane)", x[lane])
            let above = m.stage("above_\(lane)", cat((0..<count).reversed().map { (xi .> thr[$0]) as any Hardware }),
                                registered: stages == 2, enable: inValid)
            let ones = m.node("ones_\(lane)", popcount((0..<count).map { above.bit($0).asUInt }))
            idx[lane].assign(ones.resized(to: indexBits))
        }
        outValid.assign(m.delayed("valid_q", compared, reset: 0))
        io.outIdx.assign(idx.flattened())
        Contract.latency(m, accepted: inValid, outValid: outValid, latency: latency)
        return try m.build(ports: ports)
    }
}
