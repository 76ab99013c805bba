import HDL
import HDLLib

extension IndexMatMulGenerator {
    /// Replicated table RAM, for FPGAs: every PE owns a copy of T in a memory with a
    /// synchronous read port (block RAM on an FPGA: one DP16KD holds 256 x 16 bits),
    /// all copies written together through the `lut_*` port. At a taken beat PE (r, c)
    /// reads T[w_idx[r]][a_idx[c]] at address {w, a}; the RAM's output register is
    /// the stage-1 term register, so the logic left is the accumulators (their clock
    /// enable is the stage-1 valid: an idle cycle holds the sums). A beat every cycle;
    /// latency L = 2, as `decoded`.
    func buildReplicated(_ m: ModuleBuilder, _ io: Ports) -> MatMulResult {
        let entries = 1 << (weightBits + activationBits)
        let accept = m.node("accept", io.stream.valid)
        let take = m.node("take", accept & io.stream.ready)
        let s1 = MatMulStageOne(m, take: take, accept: accept, first: io.stream.first, last: io.stream.last)
        let w = io.wIdx.split(rows), a = io.aIdx.split(cols)
        var values: [HSInt] = [], accumulators: [HSInt] = []
        for r in 0..<rows {
            for c in 0..<cols {
                let copy = m.memory("t_\(r)_\(c)", .sint(lutWidth), depth: entries)
                m.when(io.lut.we) { copy.write(io.lut.waddr, io.lut.wdata) }
                let term = copy.readSync(cat(w.elements[r], a.elements[c]), enable: take, name: "t_\(r)_\(c)_q")
                let acc = m.reg("acc_\(r)_\(c)", .sint(accWidth))
                let addend = term.resized(to: accWidth)
                let next = m.node("acc_next_\(r)_\(c)", mux(s1.restart, addend, acc &+ addend))
                m.when(s1.valid) { acc.assign(next) }
                values.append(next)
                accumulators.append(acc)
            }
        }
        return s1.result(m, values: values, accumulators: accumulators)
    }
}
