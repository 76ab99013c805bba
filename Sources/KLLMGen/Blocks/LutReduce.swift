import HDL
import HDLGen
import HDLLib

/// SPEC §4b `kllm_lut_reduce`: `out_sum = Σ G[idx]` over a vector (mod 2^ACC_W),
/// computed the index-domain way: every beat adds its per-index counts to a
/// histogram; the beat with `in_last` latches the final histogram, and the next
/// stage takes one small dot product with G (one multiplier per index, then an
/// adder tree). STAGES spreads that dot product over clock stages for FPGA
/// clocks: 1 (multipliers and tree in one cycle), 2 (products registered; a count
/// wider than 17 bits multiplied in two registered parts, one DSP each), 3 and up
/// (the tree cut evenly as well). Latency L = 1 + STAGES, a beat every cycle:
/// `in_ready` is tied to 1.
/// Counters keep only the bits the result needs (min(ACC_W, enough for 2^24
/// beats of LANES elements)), so the sum stays exact modulo 2^ACC_W.
public struct LutReduceGenerator {
    public let lanes: Int
    public let indexBits: Int
    public let valueWidth: Int
    public let accWidth: Int
    /// Clock stages of the dot product with G (latency 1 + STAGES).
    public let stages: Int

    /// The resolved parameters (each checked against its `LutReduceSpec` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `LutReduceSpec` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(lanes: Int? = nil, indexBits: Int? = nil, valueWidth: Int? = nil, accWidth: Int? = nil,
                stages: Int? = nil) throws {
        try self.init(LutReduceSpec.block.resolve([
            (LutReduceSpec.lanes, lanes),
            (LutReduceSpec.indexBits, indexBits),
            (LutReduceSpec.valueWidth, valueWidth),
            (LutReduceSpec.accWidth, accWidth),
            (LutReduceSpec.stages, stages)
        ]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(LutReduceSpec.block)
        let lanes = values[LutReduceSpec.lanes]
        let indexBits = values[LutReduceSpec.indexBits]
        let valueWidth = values[LutReduceSpec.valueWidth]
        let accWidth = values[LutReduceSpec.accWidth]
        let stages = values[LutReduceSpec.stages]
        self.values = values
        try BlockRules.accumulatorWidth(LutReduceSpec.accWidth, accWidth, entry: valueWidth, entryName: "VAL_W")
        try BlockRules.portWidth("in_idx", lanes * indexBits, hint: "lower LANES")
        // One stage for the products, at most one per level of the adder tree over the 2^IBITS bins.
        guard stages <= indexBits + 1 else {
            throw ParameterError(parameter: "STAGES", value: stages,
                                 reason: "must be at most IBITS + 1 = \(indexBits + 1): the dot product over 2^\(indexBits) bins has "
                                     + "\(indexBits) adder level(s) to cut after its products")
        }
        self.lanes = lanes
        self.indexBits = indexBits
        self.valueWidth = valueWidth
        self.accWidth = accWidth
        self.stages = stages
    }

    /// The count bits one DSP multiplier takes as an unsigned operand (18x18 signed:
    /// ECP5 MULT18X18D, iCE40 UltraPlus and Xilinx DSP48 18-bit ports).
    static let countSplit = 17

    /// The histogram stage plus the dot product's stages.
    public var latency: Int { 1 + stages }

    /// The ports in SPEC order: `tab_*` table write, `in_valid`, `in_last`, `in_idx`, `in_ready`, `out_valid`, `out_sum`.
    public struct Ports {
        public let tab: TableWritePort<HSInt>
        public let inValid: HBool, inLast: HBool, inIdx: HUInt, inReady: HBool
        public let outValid: HBool, outSum: HSInt
    }

    /// Declares (or binds) the ports: one declaration for the block, its parents and simulators.
    public func ports(_ p: PortMaker) -> Ports {
        Ports(tab: p.tableWrite("tab", addressWidth: indexBits, data: .sint(valueWidth)),
              inValid: p.input("in_valid", .bool), inLast: p.input("in_last", .bool),
              inIdx: p.input("in_idx", .uint(lanes * indexBits)), inReady: p.output("in_ready", .bool),
              outValid: p.output("out_valid", .bool), outSum: p.output("out_sum", .sint(accWidth)))
    }

    public func build() throws -> ModuleDef { try component().def }

    /// The elaborated block with its typed ports.
    public func component() throws -> TypedModule<Ports> {
        let m = ModuleBuilder("kllm_lut_reduce")
        m.record(values)
        m.annotate(.latency(latency))
        m.doc = "index-domain reduction: out_sum = sum of G[idx] over a vector, via a histogram (SPEC 4b)"
        let io = m.ports(ports)
        let (inValid, inLast, outValid, outSum) = (io.inValid, io.inLast, io.outValid, io.outSum)
        io.inReady.assign(true)

        let bins = 1 << indexBits
        let table = m.registerTable("g", count: bins, .sint(valueWidth), writtenBy: io.tab)
        // Counts exact modulo 2^ACC_W: up to 2^24 beats of LANES elements.
        let maxCount = BitVector.minWidth(lanes, signed: false) + 24
        let cw = min(accWidth, maxCount)
        let idx = io.inIdx.split(lanes)
        let hist = m.regs("hist", count: bins, .uint(cw), reset: 0)
        let vectorDone = m.node("vector_done", inValid & inLast)
        let snap = m.regs("snap", count: bins, .uint(cw), enable: vectorDone)
        for b in 0..<bins {
            let beatCount = popcount((0..<lanes).map { (idx[$0] .== b).asUInt })
            let total = m.node("total_\(b)", hist[b] &+ beatCount.resized(to: cw))
            m.when(inValid) {
                hist[b].assign(mux(inLast, HUInt(0, width: cw), total))
            }
            snap[b].assign(total)
        }
        let lastSeen = m.delayed("last_q", vectorDone, reset: 0)
        // Dot product of the final histogram with G, wrapped to ACC_W, over `stages` cycles:
        // products registered from two stages on, the adder tree cut evenly from three.
        var terms: [HSInt]
        var stageValid = lastSeen
        let split = Self.countSplit
        if stages >= 2 && cw > split {
            // A count wider than a DSP's port is multiplied in two parts, each by one 18x18
            // multiplier, registered apart and added by the tree's first level (the bin's pair),
            // so no carry chain follows the multipliers inside their stage.
            terms = (0..<bins).flatMap { b -> [HSInt] in
                let low = snap[b].bits(split - 1, 0).resized(to: split + 1).asSInt * table[b]
                let high = snap[b].bits(cw - 1, split).resized(to: cw - split + 1).asSInt * table[b]
                let lowQ = m.delayed("prod_lo_\(b)", low.resized(to: accWidth), enable: stageValid)
                let highQ = m.delayed("prod_hi_\(b)", high.resized(to: accWidth - split), enable: stageValid)
                return [lowQ, (highQ.resized(to: accWidth) << split)]
            }
            stageValid = m.delayed("prod_valid", stageValid, reset: 0)
        } else {
            terms = (0..<bins).map { b -> HSInt in snap[b].resized(to: accWidth).asSInt &* table[b].resized(to: accWidth) }
            if stages >= 2 {
                terms = terms.enumerated().map { m.delayed("prod_\($0)", $1, enable: stageValid) }
                stageValid = m.delayed("prod_valid", stageValid, reset: 0)
            }
        }
        // Each cut's registers load with the valid of the stage before it.
        let treeDepth = terms.count.trailingZeroBitCount
        let cuts = evenTreeCuts(depth: treeDepth, stages: stages - 1)
        var loadAt: [Int: HBool] = [:]
        for level in cuts.sorted() {
            loadAt[level] = stageValid
            stageValid = m.delayed("tree\(level)_valid", stageValid, reset: 0)
        }
        let tree = balancedTree(terms, registeredLevels: cuts, register: { value, level, position in
            m.delayed("tree\(level)_\(position)", value, enable: loadAt[level]!)
        }, { a, b in a &+ b })
        let sum = m.reg("sum", .sint(accWidth), enable: stageValid)
        sum.assign(tree)
        outValid.assign(m.delayed("valid_q", stageValid, reset: 0))
        outSum.assign(sum)
        Contract.latency(m, accepted: inValid & inLast, outValid: outValid, latency: latency)
        let open = Contract.tablesWrittenWhenIdle(m, we: io.tab.we, accepted: inValid, acceptedLast: inValid & inLast, latency: latency)
        // Reference model: the sum of G[idx] element by element, as SPEC 4b defines it.
        let running = m.propertyReg("ref_sum", .sint(accWidth), reset: 0)
        let beatSum = balancedTree(idx.elements.map { table.at($0).resized(to: accWidth) }, &+)
        let total = running &+ beatSum
        m.when(inValid) { running.assign(mux(inLast, HSInt(0, width: accWidth), total)) }
        m.when(outValid) { m.assert(outSum .== m.past(total, latency), "out_sum is the sum of G[idx] over the vector") }
        // Invariants that make it inductive: the histogram (then its snapshot) dotted with G is the running sum.
        func dot(_ counts: Vec<HUInt>) -> HSInt {
            balancedTree((0..<bins).map { counts[$0].resized(to: accWidth).asSInt &* table[$0].resized(to: accWidth) }, &+)
        }
        m.assert(running .== dot(hist), "the histogram dotted with G is the running sum (invariant)")
        m.when(!open) {
            m.assert(running .== 0, "no running sum between vectors (invariant)")
            for b in 0..<bins { m.assert(hist[b] .== 0, "histogram bin \(b) is empty between vectors (invariant)") }
        }
        m.when(lastSeen) { m.assert(dot(snap) .== m.past(total), "the snapshot dotted with G is the vector's sum (invariant)") }
        return try m.build(ports: ports)
    }
}
