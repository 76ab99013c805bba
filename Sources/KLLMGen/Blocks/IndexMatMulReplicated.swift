import HDL
import HDLLib

extension IndexMatMulGenerator {
    /// Replicated table RAM, for FPGAs: every PE (or pair of PEs, PES_PER_TABLE=2) owns
    /// a copy of T in a memory with synchronous read ports (block RAM on an FPGA: one
    /// DP16KD holds 256 x 16 bits), all copies written together through the `lut_*` port.
    /// At a taken beat PE (r, c) reads T[w_idx[r]][a_idx[c]] at address {w, a} (the RAM's own read register),
    /// then a second term register takes the entry next to its accumulator: a block
    /// RAM's output without its output register is slow (5.8 ns clock to out on an
    /// ECP5) and sits far from the adders. The accumulators' clock enable is the
    /// stage-2 valid (an idle cycle holds the sums). A beat every cycle; latency L = 3.
    func buildReplicated(_ m: ModuleBuilder, _ io: Ports) -> MatMulResult {
        let accept = m.node("accept", io.stream.valid)
        let take = m.node("take", accept & io.stream.ready)
        let s1 = MatMulStageOne(m, take: take, accept: accept, first: io.stream.first, last: io.stream.last)
        // Stage 2: the second term register; its control follows stage 1 by a cycle.
        let valid = m.delayed("s2_valid", s1.valid, reset: 0)
        let restart = m.delayed("s2_restart", s1.restart)
        let last = m.delayed("s2_last", s1.last, enable: s1.valid)
        let w = io.wIdx.split(rows).elements, a = io.aIdx.split(cols).elements
        let table = tableReads(m, io, take: take, w: w, a: a)
        var values: [HSInt] = [], accumulators: [HSInt] = []
        for r in 0..<rows {
            for c in 0..<cols {
                let term = m.delayed("t_\(r)_\(c)_q2", table[r][c], enable: s1.valid)
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

    /// The registered entry T[w_idx[r]][a_idx[c]] of every PE (row-major), read at a taken beat.
    ///
    /// PES_PER_TABLE=1: a copy per PE, written at `lut_waddr`, read at {w, a}. PES_PER_TABLE=2:
    /// PEs (r, c) and (r, c+1) for even c share a copy on the two ports of a dual-port RAM
    /// (an odd last column keeps its own). The first port writes and reads, so its address
    /// must be one signal: {w, a} with the row's and column's index replaced by the halves of
    /// `lut_waddr` while `lut_we` is high (one multiplexer per row and column, not per RAM).
    ///
    /// Reads are enabled only while `lut_we` is low (SPEC: a write never meets a taken beat),
    /// which tells synthesis that a read never collides with a write: yosys otherwise wraps
    /// every RAM in read-before-write logic (a register and a multiplexer per output bit,
    /// 1,193 LUT4 at 8x8 on an ECP5, and the multiplexer sits after the RAM's slow output).
    func tableReads(_ m: ModuleBuilder, _ io: Ports, take: HBool, w: [HUInt], a: [HUInt]) -> [[HSInt]] {
        let entries = 1 << (weightBits + activationBits)
        let we = io.lut.we
        let read = m.node("t_read", take & !we)
        guard pesPerTable > 1 else {
            return (0..<rows).map { r in
                (0..<cols).map { c in
                    let copy = m.memory("t_\(r)_\(c)", .sint(lutWidth), depth: entries)
                    m.when(we) { copy.write(io.lut.waddr, io.lut.wdata) }
                    return copy.readSync(cat(w[r], a[c]), enable: read, name: "t_\(r)_\(c)_q")
                }
            }
        }
        let wPort = (0..<rows).map { r in
            m.node("t_w_\(r)", mux(we, io.lut.waddr.bits(weightBits + activationBits - 1, activationBits), w[r]))
        }
        let aPort = (0..<cols).map { c in
            c % 2 == 0 ? m.node("t_a_\(c)", mux(we, io.lut.waddr.bits(activationBits - 1, 0), a[c])) : a[c]
        }
        return (0..<rows).map { r in
            stride(from: 0, to: cols, by: 2).flatMap { c -> [HSInt] in
                let copy = m.memory("t_\(r)_\(c)", .sint(lutWidth), depth: entries)
                let first = cat(wPort[r], aPort[c])
                m.when(we) { copy.write(first, io.lut.wdata) }
                let q = copy.readSync(first, enable: read, name: "t_\(r)_\(c)_q")
                guard c + 1 < cols else { return [q] }
                return [q, copy.readSync(cat(wPort[r], aPort[c + 1]), enable: read, name: "t_\(r)_\(c + 1)_q")]
            }
        }
    }
}
