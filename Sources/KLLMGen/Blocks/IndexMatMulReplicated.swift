import HDL
import HDLLib

extension IndexMatMulGenerator {
    /// Replicated table RAM, for FPGAs: every PE owns a copy of T in a memory with a
    /// synchronous read port (block RAM on an FPGA: one DP16KD holds 256 x 16 bits),
    /// all copies written together through the `lut_*` port. At a taken beat PE (r, c)
    /// reads T[w_idx[r]][a_idx[c]] at address {w, a} (the RAM's own read register),
    /// then a second term register takes the entry next to its accumulator: a block
    /// RAM's output without its output register is slow (5.8 ns clock to out on an
    /// ECP5) and sits far from the adders. The accumulators' clock enable is the
    /// stage-2 valid (an idle cycle holds the sums). A beat every cycle; latency L = 3.
    func buildReplicated(_ m: ModuleBuilder, _ io: Ports) -> MatMulResult {
        let entries = 1 << (weightBits + activationBits)
        let accept = m.node("accept", io.stream.valid)
        let take = m.node("take", accept & io.stream.ready)
        let s1 = MatMulStageOne(m, take: take, accept: accept, first: io.stream.first, last: io.stream.last)
        // Stage 2: the second term register; its control follows stage 1 by a cycle.
        let valid = m.delayed("s2_valid", s1.valid, reset: 0)
        let restart = m.delayed("s2_restart", s1.restart)
        let last = m.delayed("s2_last", s1.last, enable: s1.valid)
        let w = io.wIdx.split(rows), a = io.aIdx.split(cols)
        var values: [HSInt] = [], accumulators: [HSInt] = []
        for r in 0..<rows {
            for c in 0..<cols {
                let copy = m.memory("t_\(r)_\(c)", .sint(lutWidth), depth: entries)
                m.when(io.lut.we) { copy.write(io.lut.waddr, io.lut.wdata) }
                let read = copy.readSync(cat(w.elements[r], a.elements[c]), enable: take, name: "t_\(r)_\(c)_q")
                let term = m.delayed("t_\(r)_\(c)_q2", read, enable: s1.valid)
                let acc = m.reg("acc_\(r)_\(c)", .sint(accWidth))
                let addend = term.resized(to: accWidth)
                let next = m.node("acc_next_\(r)_\(c)", mux(restart, addend, acc &+ addend))
                m.when(valid) { acc.assign(next) }
                values.append(next)
                accumulators.append(acc)
            }
        }
        let done = m.node("done", valid & last)
        // A last beat in either stage is a result not yet in the output buffer.
        let pending = m.node("pending", (s1.valid & s1.last) | done)
        return MatMulResult(done: done, values: values, accumulators: accumulators, pending: pending, datapathReady: HBool(true))
    }
}
