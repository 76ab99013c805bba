import HDL
import HDLGen
import HDLLib

/// SPEC §2 `kllm_quantizer`: each lane's index is the number of the 2^IBITS - 1
/// thresholds strictly below its input (a tie goes to the lower index), from
/// parallel comparators and a popcount adder tree, registered: latency L = 1.
/// Thresholds live in registers (every lane compares against all of them at once);
/// a write to address 2^IBITS - 1 is ignored.
public struct QuantizerGenerator {
    public let lanes: Int
    public let dataWidth: Int
    public let indexBits: Int

    public init(lanes: Int = 8, dataWidth: Int = 16, indexBits: Int = 4) throws {
        try QuantizerSpec.lanes.check(lanes)
        try QuantizerSpec.dataWidth.check(dataWidth)
        try QuantizerSpec.indexBits.check(indexBits)
        try BlockRules.portWidth("in_data", lanes * dataWidth, hint: "lower LANES")
        self.lanes = lanes
        self.dataWidth = dataWidth
        self.indexBits = indexBits
    }

    public static let latency = 1

    public func build() throws -> ModuleDef {
        let m = ModuleBuilder("kllm_quantizer")
        m.parameters = [("LANES", "\(lanes)"), ("DATA_W", "\(dataWidth)"), ("IBITS", "\(indexBits)")]
        m.annotate(.latency(Self.latency))
        m.doc = "activation quantizer: idx(x) = number of thresholds j with x > thr[j] (SPEC 2)"
        let we = m.input("thr_we", .bool)
        let waddr = m.input("thr_waddr", .uint(indexBits))
        let wdata = m.input("thr_wdata", .sint(dataWidth))
        let inValid = m.input("in_valid", .bool)
        let inData = m.input("in_data", .uint(lanes * dataWidth))
        let outValid = m.output("out_valid", .bool)
        let outIdx = m.output("out_idx", .uint(lanes * indexBits))

        let count = (1 << indexBits) - 1
        let thr = m.regs("thr", count: count, .sint(dataWidth))
        for j in 0..<count {
            m.when(we & (waddr .== j)) { thr[j].assign(wdata) }
        }
        let x = inData.splitSigned(lanes)
        let idx = m.regs("idx", count: lanes, .uint(indexBits), enable: inValid)
        for lane in 0..<lanes {
            // Thermometer code: bit j is 1 when the input lies above threshold j.
            let xi = m.node("x_\(lane)", x[lane])
            let above = m.node("above_\(lane)", cat((0..<count).reversed().map { (xi .> thr[$0]) as any Hardware }))
            let ones = m.node("ones_\(lane)", popcount((0..<count).map { above.bit($0).asUInt }))
            idx[lane].assign(ones.resized(to: indexBits))
        }
        outValid.assign(m.delayed("valid_q", inValid, reset: 0))
        outIdx.assign(idx.flattened())
        Contract.registerTable(m, "thr", entries: thr.elements, we: we, waddr: waddr, wdata: wdata)
        Contract.latency(m, accepted: inValid, outValid: outValid, latency: Self.latency)
        return try m.build()
    }
}
