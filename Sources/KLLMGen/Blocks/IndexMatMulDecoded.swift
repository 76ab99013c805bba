import HDL
import HDLLib

extension IndexMatMulGenerator {
    /// Decoded select: the table is one register per entry, and every index is
    /// decoded once into one-hot lines shared by all the PEs that use it (w_idx[r]
    /// by row r, a_idx[c] by column c). Row r fetches T[w_idx[r]][j] for every j as
    /// an AND-OR over its weight lines, and each PE picks its entry from the fetched
    /// row as an AND-OR over its column's activation lines, into a register loaded
    /// every cycle; stage 2 accumulates (`OneHotSelect`: AND-OR gates instead of MUX2
    /// trees, and the table needs no read port). A beat every cycle; latency L = 2.
    func buildDecoded(_ m: ModuleBuilder, _ io: Ports) -> MatMulResult {
        let weightEntries = 1 << weightBits, activationEntries = 1 << activationBits
        let writeW = OneHotSelect.lines(m, "t_we_w", io.lut.waddr.bits(weightBits + activationBits - 1, activationBits), gate: io.lut.we)
        let writeA = OneHotSelect.lines(m, "t_we_a", io.lut.waddr.bits(activationBits - 1, 0))
        let table = (0..<weightEntries).map { i in
            (0..<activationEntries).map { j in m.reg("lut_\(i)_\(j)", .sint(lutWidth)) }
        }
        for i in 0..<weightEntries {
            for j in 0..<activationEntries {
                m.when(writeW[i] & writeA[j]) { table[i][j].assign(io.lut.wdata) }
            }
        }
        let accept = m.node("accept", io.stream.valid)
        let take = m.node("take", accept & io.stream.ready)
        // The activation lines are all 0 without a beat, so every PE selects a zero term.
        let wHot = io.wIdx.split(rows).enumerated().map { OneHotSelect.lines(m, "w_\($0.offset)_hot", $0.element) }
        let aHot = io.aIdx.split(cols).enumerated().map { OneHotSelect.lines(m, "a_\($0.offset)_hot", $0.element, gate: take) }

        // Stage 1: table row per row, entry per PE.
        let s1 = MatMulStageOne(m, take: take, accept: accept, first: io.stream.first, last: io.stream.last)
        var entries: [HSInt] = []
        for r in 0..<rows {
            let row = (0..<activationEntries).map { j in
                m.node("row_\(r)_\(j)", OneHotSelect.select(wHot[r], (0..<weightEntries).map { table[$0][j] }))
            }
            for c in 0..<cols {
                entries.append(m.delayed("t_\(r)_\(c)", OneHotSelect.select(aHot[c], row)))
            }
        }
        // Stage 2: accumulate.
        let (finals, accs) = MatMulAccumulators(cols: cols, accWidth: accWidth).emit(m, terms: entries, restart: s1.restart)
        let result = s1.result(m, values: finals, accumulators: accs)
        guard MatMulReference.stated(rows: rows, cols: cols, pairs: weightEntries * activationEntries) else { return result }

        // Properties: against sums of T indexed plainly. Invariant (1-inductive): once a
        // dot product has started, each accumulator's next value is its reference sum.
        let flat = table.flatMap { $0 }   // entry i * 2^ABITS + j
        let reference = MatMulReference(m, rows: rows, cols: cols, accWidth: accWidth, w: io.wIdx.split(rows).elements,
                                        a: io.aIdx.split(cols).elements, take: take, first: io.stream.first,
                                        entryAt: { Vec(flat).at($0) })
        for (value, sum) in zip(finals, reference.sums) {
            m.when(reference.started) { m.assert(value .== sum, "the next sum is the reference sum of the beats taken (invariant)") }
        }
        reference.checkFinished(m, result)
        return result
    }
}
