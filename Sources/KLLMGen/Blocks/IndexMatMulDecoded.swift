import HDL

extension IndexMatMulGenerator {
    /// Decoded select: the table is one register per entry, and every index is
    /// decoded once into one-hot lines shared by all the PEs that use it (w_idx[r]
    /// by row r, a_idx[c] by column c). Row r fetches T[w_idx[r]][j] for every j as
    /// an AND-OR over its weight lines, and each PE picks its entry from the fetched
    /// row as an AND-OR over its column's activation lines, into a register loaded
    /// every cycle; stage 2 accumulates. An AND-OR over shared one-hot lines maps to
    /// AOI/NAND cells at about half the area of the MUX2 tree a binary select
    /// becomes, and the table needs no read port. A beat every cycle; latency L = 2.
    func buildDecoded(_ m: ModuleBuilder, _ io: MatMulPorts) -> MatMulResult {
        let weightEntries = 1 << weightBits, activationEntries = 1 << activationBits
        let writeW = oneHot(m, "t_we_w", io.lutWaddr.bits(weightBits + activationBits - 1, activationBits), gate: io.lutWe)
        let writeA = oneHot(m, "t_we_a", io.lutWaddr.bits(activationBits - 1, 0), gate: nil)
        let table = (0..<weightEntries).map { i in
            (0..<activationEntries).map { j in m.reg("lut_\(i)_\(j)", .sint(lutWidth)) }
        }
        for i in 0..<weightEntries {
            for j in 0..<activationEntries {
                m.when(writeW[i] & writeA[j]) { table[i][j].assign(io.lutWdata) }
            }
        }
        let accept = m.node("accept", io.inValid)
        let take = m.node("take", accept & io.inReady)
        // The activation lines are all 0 without a beat, so every PE selects a zero term.
        let wHot = io.wIdx.split(rows).enumerated().map { oneHot(m, "w_\($0.offset)_hot", $0.element, gate: nil) }
        let aHot = io.aIdx.split(cols).enumerated().map { oneHot(m, "a_\($0.offset)_hot", $0.element, gate: take) }

        // Stage 1: table row per row, entry per PE.
        let s1Valid = m.delayed("s1_valid", take, reset: 0)
        let s1Restart = m.delayed("s1_restart", take & io.inFirst)
        let s1Last = m.delayed("s1_last", io.inLast, enable: accept)
        var entries: [HSInt] = []
        for r in 0..<rows {
            let row = (0..<activationEntries).map { j in
                m.node("row_\(r)_\(j)", andOr(wHot[r], (0..<weightEntries).map { table[$0][j] }))
            }
            for c in 0..<cols {
                entries.append(m.delayed("t_\(r)_\(c)", andOr(aHot[c], row)))
            }
        }
        // Stage 2: accumulate.
        let (finals, accs) = MatMulAccumulators(cols: cols, accWidth: accWidth).emit(m, terms: entries, restart: s1Restart)
        return MatMulResult(done: m.node("done", s1Valid & s1Last), values: finals, accumulators: accs,
                            pending: s1Valid & s1Last, datapathReady: HBool(true))
    }

    /// One line per value of `index` (line i is 1 when index == i), ANDed with `gate`.
    private func oneHot(_ m: ModuleBuilder, _ name: String, _ index: HUInt, gate: HBool?) -> [HBool] {
        let lines = 1 << index.width
        var hot = HUInt(1, width: lines) << index
        if let gate { hot = mux(gate, hot, HUInt(0, width: lines)) }
        let word = m.node(name, hot)
        return (0..<lines).map { word.bit($0) }
    }

    /// The OR of the values whose line is 1 (the selected value when the lines are one-hot).
    private func andOr(_ lines: [HBool], _ values: [HSInt]) -> HSInt {
        let zero = HSInt(0, width: values[0].width)
        let terms = zip(lines, values).map { line, value in mux(line, value, zero) }
        return terms.dropFirst().reduce(terms[0], |)
    }
}
