import HDL
import HDLLib

extension IndexMatMulGenerator {
    /// Pair-count histogram: every PE keeps a small counter memory with one word
    /// per (w, a) index pair and increments the word of each beat's pair
    /// (read-modify-write in one cycle). After the last beat the block drains for
    /// 2^(WBITS+ABITS) cycles with `in_ready` low: each cycle reads one table entry
    /// T[p], every PE multiplies it by its count of pair p, accumulates, and writes
    /// the count back to zero, ready for the next dot product. Reset starts the
    /// same sweep without a result, so counters are zero before the first beat.
    /// A beat counts when it is accepted (`in_valid` and `in_ready`: with OUT_ROWS <
    /// ROWS the output buffer may hold `in_ready` low while no sweep runs).
    func buildHistogram(_ m: ModuleBuilder, _ io: Ports) -> MatMulResult {
        let pairBits = weightBits + activationBits
        let pairs = 1 << pairBits
        let table = m.memory("t_table", .sint(lutWidth), depth: pairs)
        m.when(io.lut.we) { table.write(io.lut.waddr, io.lut.wdata) }

        // Counts exact modulo 2^ACC_W for up to 2^24 beats.
        let cw = min(accWidth, 25)
        let draining = m.reg("draining", .bool, reset: 0)
        let clearing = m.reg("clearing", .bool, reset: 1)
        let sweepIdx = m.reg("sweep_idx", .uint(pairBits), reset: 0)
        let sweeping = m.node("sweeping", draining | clearing)
        let accept = m.node("accept", io.stream.accepted)
        let sweepEnd = m.node("sweep_end", sweeping & (sweepIdx .== (pairs - 1)))
        m.when(accept & io.stream.last) {
            draining.assign(true)
        }.elsewhen(sweepEnd) {
            draining.assign(false)
            clearing.assign(false)
        }
        m.when(sweeping) { sweepIdx.assign(sweepIdx &+ 1) }
        let entry = m.node("t_entry", m.node("t_read", table.read(sweepIdx)).resized(to: accWidth))
        let firstDrain = m.node("first_drain", draining & (sweepIdx .== 0))
        let w = io.wIdx.split(rows).enumerated().map { m.node("w_\($0.offset)", $0.element) }
        let a = io.aIdx.split(cols).enumerated().map { m.node("a_\($0.offset)", $0.element) }

        var terms: [HSInt] = [], counters: [Memory<HUInt>] = []
        for r in 0..<rows {
            for c in 0..<cols {
                let name = "\(r)_\(c)"
                let counts = m.memory("cnt_\(name)", .uint(cw), depth: pairs)
                counters.append(counts)
                let addr = m.node("cnt_addr_\(name)", mux(sweeping, sweepIdx, cat(w[r], a[c])))
                let count = m.node("cnt_rd_\(name)", counts.read(addr))
                m.when(accept) {
                    counts.write(addr, count &+ 1)
                }.elsewhen(sweeping) {
                    counts.write(addr, HUInt(0, width: cw))
                }
                terms.append(m.node("term_\(name)", MatMulAccumulators.gated(draining, count.resized(to: accWidth).asSInt &* entry)))
            }
        }
        let (finals, accs) = MatMulAccumulators(cols: cols, accWidth: accWidth).emit(m, terms: terms, restart: firstDrain)
        let result = MatMulResult(done: m.node("done", draining & sweepEnd), values: finals, accumulators: accs,
                                  pending: draining, datapathReady: !sweeping)
        histogramProperties(m, io, result, table: table, counts: counters, w: w, a: a,
                            sweep: (index: sweepIdx, draining: draining, sweeping: sweeping, end: sweepEnd), clearing: clearing, accept: accept)
        return result
    }

    /// Properties: the finished sums against sums of T indexed plainly, for all time.
    /// The environment of SPEC 0 and 1 (a framed stream; T written only while no pair
    /// count is held) and the pair-count invariant, per PE: while counts are held,
    /// (the drained part) + sum over p of count[p] * T[p] = the reference sum; no count
    /// is held outside a dot product, and the sweep leaves zeros behind it. The
    /// environment and the control invariants hold at every size; the reference and
    /// the pair-count invariant are stated at the sizes proofs reach
    /// (`MatMulReference.stated`) where the invariant is exact (ACC_W <= 25: counts as
    /// wide as the sums).
    private func histogramProperties(_ m: ModuleBuilder, _ io: Ports, _ result: MatMulResult, table: Memory<HSInt>, counts: [Memory<HUInt>],
                                     w: [HUInt], a: [HUInt], sweep: (index: HUInt, draining: HBool, sweeping: HBool, end: HBool),
                                     clearing: HBool, accept: HBool) {
        let pairBits = weightBits + activationBits, pairs = 1 << pairBits
        let expectFirst = Contract.framedStream(m, accepted: accept, first: io.stream.first, last: io.stream.last)
        let holding = m.propertyReg("ref_holding", .bool, reset: 0)   // a beat counted since the last sweep
        m.when(accept) { holding.assign(true) }.elsewhen(sweep.end) { holding.assign(false) }
        m.assume(!io.lut.we | !(holding | accept), "T is written only while no pair count is held (SPEC 0: tables only while idle)")
        m.assert(sweep.sweeping | (sweep.index .== 0), "the sweep index rests at 0 between sweeps (invariant)")
        m.assert(!(sweep.draining & clearing), "a drain never overlaps the clearing sweep (invariant)")
        m.assert(!sweep.draining | holding, "a sweep that drains has counts to drain (invariant)")
        m.assert(expectFirst .== !(holding & !sweep.draining), "the next beat is a first beat unless a dot product is open (invariant)")
        guard MatMulReference.stated(rows: rows, cols: cols, pairs: pairs), accWidth <= 25 else { return }
        let reference = MatMulReference(m, rows: rows, cols: cols, accWidth: accWidth, w: w, a: a, take: accept, first: io.stream.first,
                                        entryAt: { table.read($0) })
        reference.checkFinished(m, result)
        m.assert(!holding | reference.started, "counts are held only inside a started dot product (invariant)")
        for (i, memory) in counts.enumerated() {
            let count = (0..<pairs).map { memory.read(HUInt($0, width: pairBits)) }
            for p in 0..<pairs {
                m.when((sweep.sweeping & (sweep.index .> p)) | (!holding & !sweep.sweeping)) {
                    m.assert(count[p] .== 0, "no pair count outside a dot product; the sweep leaves zeros (invariant)")
                }
            }
            let held = (0..<pairs).map { p in count[p].resized(to: accWidth).asSInt &* table.read(HUInt(p, width: pairBits)).resized(to: accWidth) }
            let drained = mux(sweep.draining & (sweep.index .!= 0), result.accumulators[i], HSInt(0, width: accWidth))
            m.when(holding) {
                m.assert((drained &+ balancedTree(held, &+)) .== reference.sums[i],
                         "drained sum + sum of count[p] * T[p] is the reference sum (pair-count invariant)")
            }
        }
    }
}
