import HDL
import HDLGen

/// SPEC §4a `kllm_lut_map`: `out[i] = F[in_idx[i]]` for every lane, F a loadable
/// table of 2^IBITS signed OUT_W-bit values (the DSL memory, one asynchronous
/// read port per lane). The looked-up values are registered: latency L = 1.
public struct LutMapGenerator {
    public let lanes: Int
    public let indexBits: Int
    public let outWidth: Int

    public init(lanes: Int = 8, indexBits: Int = 4, outWidth: Int = 16) throws {
        try LutMapSpec.lanes.check(lanes)
        try LutMapSpec.indexBits.check(indexBits)
        try LutMapSpec.outWidth.check(outWidth)
        try BlockRules.portWidth("out_val", lanes * outWidth, hint: "lower LANES")
        self.lanes = lanes
        self.indexBits = indexBits
        self.outWidth = outWidth
    }

    public static let latency = 1

    public func build() throws -> ModuleDef {
        let m = ModuleBuilder("kllm_lut_map")
        m.parameters = [("LANES", "\(lanes)"), ("IBITS", "\(indexBits)"), ("OUT_W", "\(outWidth)")]
        m.annotate(.latency(Self.latency))
        m.doc = "elementwise nonlinear op on indices: out[i] = F[in_idx[i]] (SPEC 4a)"
        let we = m.input("tab_we", .bool)
        let waddr = m.input("tab_waddr", .uint(indexBits))
        let wdata = m.input("tab_wdata", .sint(outWidth))
        let inValid = m.input("in_valid", .bool)
        let inIdx = m.input("in_idx", .uint(lanes * indexBits))
        let outValid = m.output("out_valid", .bool)
        let outVal = m.output("out_val", .uint(lanes * outWidth))

        let table = m.memory("table_f", .sint(outWidth), depth: 1 << indexBits)
        m.when(we) { table.write(waddr, wdata) }
        let idx = inIdx.split(lanes)
        let looked = Vec((0..<lanes).map { table.read(idx[$0]) })
        let vals = m.regs("val", count: lanes, .sint(outWidth), enable: inValid)
        for i in 0..<lanes { vals[i].assign(looked[i]) }
        outValid.assign(m.delayed("valid_q", inValid, reset: 0))
        Contract.latency(m, accepted: inValid, outValid: outValid, latency: Self.latency)
        outVal.assign(Vec(vals.map(\.asUInt)).flattened())
        return try m.build()
    }
}
