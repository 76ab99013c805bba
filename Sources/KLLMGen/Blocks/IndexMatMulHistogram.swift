import HDL

extension IndexMatMulGenerator {
    /// Pair-count histogram: every PE keeps a small counter memory with one word
    /// per (w, a) index pair and increments the word of each beat's pair
    /// (read-modify-write in one cycle). After the last beat the block drains for
    /// 2^(WBITS+ABITS) cycles with `in_ready` low: each cycle reads one table entry
    /// T[p], every PE multiplies it by its count of pair p, accumulates, and writes
    /// the count back to zero, ready for the next dot product. Reset starts the
    /// same sweep without a result, so counters are zero before the first beat.
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
        let accept = m.node("accept", io.stream.valid & !sweeping)
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

        var terms: [HSInt] = []
        for r in 0..<rows {
            for c in 0..<cols {
                let name = "\(r)_\(c)"
                let counts = m.memory("cnt_\(name)", .uint(cw), depth: pairs)
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
        return MatMulResult(done: m.node("done", draining & sweepEnd), values: finals, accumulators: accs,
                            pending: draining, datapathReady: !sweeping)
    }
}
