import HDL
import HDLLib
import HDLGen

/// SPEC §4a `kllm_lut_map`: `out[i] = F[in_idx[i]]` for every lane, F a loadable
/// table of 2^IBITS signed OUT_W-bit values (the DSL memory, one asynchronous
/// read port per lane). The looked-up values are registered: latency L = 1.
public struct LutMapGenerator {
    public let lanes: Int
    public let indexBits: Int
    public let outWidth: Int

    /// The resolved parameters (each checked against its `LutMapSpec` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `LutMapSpec` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(lanes: Int? = nil, indexBits: Int? = nil, outWidth: Int? = nil) throws {
        try self.init(LutMapSpec.block.resolve([
            (LutMapSpec.lanes, lanes),
            (LutMapSpec.indexBits, indexBits),
            (LutMapSpec.outWidth, outWidth)
        ]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(LutMapSpec.block)
        let lanes = values[LutMapSpec.lanes]
        let indexBits = values[LutMapSpec.indexBits]
        let outWidth = values[LutMapSpec.outWidth]
        self.values = values
        try BlockRules.portWidth("out_val", lanes * outWidth, hint: "lower LANES")
        self.lanes = lanes
        self.indexBits = indexBits
        self.outWidth = outWidth
    }

    public static let latency = 1

    /// The ports in SPEC order: `tab_*` table write, `in_valid`, `in_idx`, `out_valid`, `out_val`.
    public struct Ports {
        public let tab: TableWritePort<HSInt>
        public let inValid: HBool, inIdx: HUInt
        public let outValid: HBool, outVal: HUInt
    }

    /// Declares (or binds) the ports: one declaration for the block, its parents and simulators.
    public func ports(_ p: PortMaker) -> Ports {
        Ports(tab: p.tableWrite("tab", addressWidth: indexBits, data: .sint(outWidth)),
              inValid: p.input("in_valid", .bool), inIdx: p.input("in_idx", .uint(lanes * indexBits)),
              outValid: p.output("out_valid", .bool), outVal: p.output("out_val", .uint(lanes * outWidth)))
    }

    public func build() throws -> ModuleDef { try component().def }

    /// The elaborated block with its typed ports.
    public func component() throws -> TypedModule<Ports> {
        let m = ModuleBuilder("kllm_lut_map")
        m.record(values)
        m.annotate(.latency(Self.latency))
        m.doc = "elementwise nonlinear op on indices: out[i] = F[in_idx[i]] (SPEC 4a)"
        let io = m.ports(ports)
        let (inValid, outValid) = (io.inValid, io.outValid)

        let table = m.memory("table_f", .sint(outWidth), depth: 1 << indexBits)
        m.when(io.tab.we) { table.write(io.tab.waddr, io.tab.wdata) }
        let idx = io.inIdx.split(lanes)
        let looked = Vec((0..<lanes).map { table.read(idx[$0]) })
        let vals = m.regs("val", count: lanes, .sint(outWidth), enable: inValid)
        for i in 0..<lanes { vals[i].assign(looked[i]) }
        outValid.assign(m.delayed("valid_q", inValid, reset: 0))
        Contract.latency(m, accepted: inValid, outValid: outValid, latency: Self.latency)
        io.outVal.assign(Vec(vals.map(\.asUInt)).flattened())
        return try m.build(ports: ports)
    }
}
