import HDL

extension IndexMatMulGenerator {
    /// Row-broadcast table read: stage 1 reads T[w_idx[r]][*] for every row from
    /// 2^ABITS banks (bank j holds column j of T) and each PE selects entry
    /// a_idx[c] into a register; stage 2 accumulates (`in_first` restarts).
    func buildBroadcast(_ m: ModuleBuilder, _ io: Ports) -> MatMulResult {
        let banks = (0..<(1 << activationBits)).map { j in
            m.memory("t_bank_\(j)", .sint(lutWidth), depth: 1 << weightBits)
        }
        let wSel = io.lut.waddr.bits(weightBits + activationBits - 1, activationBits)
        let aSel = io.lut.waddr.bits(activationBits - 1, 0)
        for (j, bank) in banks.enumerated() {
            m.when(io.lut.we & (aSel .== j)) { bank.write(wSel, io.lut.wdata) }
        }
        let accept = m.node("accept", io.stream.valid)  // in_ready is 1 unless the output buffer stalls
        let w = io.wIdx.split(rows).enumerated().map { m.node("w_\($0.offset)", $0.element) }
        let a = io.aIdx.split(cols).enumerated().map { m.node("a_\($0.offset)", $0.element) }

        // Stage 1: table row per row, entry per PE.
        let take = m.node("take", accept & io.stream.ready)
        let s1 = MatMulStageOne(m, take: take, accept: accept, first: io.stream.first, last: io.stream.last)
        var entries: [HSInt] = []
        for r in 0..<rows {
            let row = Vec(banks.enumerated().map { m.node("row_\(r)_\($0.offset)", $0.element.read(w[r])) })
            for c in 0..<cols {
                entries.append(m.delayed("t_\(r)_\(c)", MatMulAccumulators.gated(take, row.at(a[c]))))
            }
        }
        // Stage 2: accumulate.
        let (finals, accs) = MatMulAccumulators(cols: cols, accWidth: accWidth).emit(m, terms: entries, restart: s1.restart)
        return s1.result(m, values: finals, accumulators: accs)
    }
}
