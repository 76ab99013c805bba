import HDL
import HDLLib

/// `ARCH=replicated`: the main sum's weights in synchronous-read memories (block RAM on
/// an FPGA), one per row-at-once j, holding rows j, ROW_PAR + j, 2·ROW_PAR + j, ...
/// (pass g's rows) so that no pass multiplexer sits behind them. Each bank is read two
/// cycles before the product-table copies use its word: the address in the cycle before
/// (the accept cycle for pass 0, the previous pass's cycle for the others), the memory's
/// read register, then a word register next to the copies. The compensation reads a
/// synchronous copy of them (one read port per row-at-once, not per row) in passes too.
extension LinearGenerator {
    /// Words of a pass bank: pass g's word b at {g, b} (`passBankAddress`).
    var passBankDepth: Int {
        beats == 1 ? passes : (passes - 1) << BitVector.addressWidth(entries: beats) + beats
    }

    /// Pass g's word b in a pass bank: {g, b}, each field only when it has more than one value.
    func passBankAddress(pass: HUInt?, word: HUInt?) -> HUInt {
        let fields: [any Hardware] = [pass, word].compactMap { $0 }
        return fields.isEmpty ? HUInt(0, width: 1) : cat(fields)
    }

    /// The main sum's banks (`passBankWords`) and the compensation's (read at {pass,
    /// outlier's word}), both synchronous-read, with this
    /// layout and written together through the weight port: bank j takes the write of any
    /// of its rows (`rowWrites`: each row's decoded write and word).
    func buildPassBanks(_ m: ModuleBuilder, _ io: LinearPorts,
                        _ rowWrites: [(hit: HBool, word: HUInt?)]) -> (main: [Memory<HUInt>], compensation: [Memory<HUInt>]) {
        let passWidth = BitVector.addressWidth(entries: passes)
        var banks: (main: [Memory<HUInt>], compensation: [Memory<HUInt>]) = ([], [])
        for j in 0..<rowsPerPass {
            let bank = m.memory("w_pass_\(j)", .uint(lanes * weightBits), depth: passBankDepth)
            let compensationBank = topK == 0 ? nil : m.memory("w_comp_\(j)", .uint(lanes * weightBits), depth: passBankDepth)
            let writes = (0..<passes).map { rowWrites[$0 * rowsPerPass + j] }
            let hits = writes.map(\.hit)
            let we = passes == 1 ? hits[0] : m.node("w_pass_\(j)_we", hits.dropFirst().reduce(hits[0]) { $0 | $1 })
            let pass = passes == 1 ? nil
                : m.node("w_pass_\(j)_pass", OneHotSelect.select(hits, (0..<passes).map { HUInt($0, width: passWidth) }))
            let word = beats == 1 ? nil
                : passes == 1 ? writes[0].word : m.node("w_pass_\(j)_word", OneHotSelect.select(hits, writes.map { $0.word! }))
            m.when(we) {
                let address = passBankAddress(pass: pass, word: word)
                bank.write(address, io.w.wdata)
                compensationBank?.write(address, io.w.wdata)
            }
            banks.main.append(bank)
            if let compensationBank { banks.compensation.append(compensationBank) }
        }
        return banks
    }

    /// Each pass bank's word for the pass in the table-read cycle (M1 + 1): read at
    /// {0, beat} in the cycle that accepts a beat and at {pass + 1, M1's beat} in M1's
    /// passes, then registered twice (the memory's read register and `word_j`). No read
    /// in a weight-write cycle (`in_ready` is low then): synthesis needs no
    /// read-during-write logic behind the memory.
    func passBankWords(_ m: ModuleBuilder, _ io: LinearPorts, _ banks: [Memory<HUInt>], accept: HBool,
                       beat: HUInt?, m1Beat: HUInt?, pass: HUInt?, lastPass: HBool) -> [HUInt] {
        let nextPass = pass.map { p in m.node("w_pass_next", mux(accept | lastPass, HUInt(0, width: p.width), p &+ 1)) }
        let word = beat.map { b in passes == 1 ? b : m.node("w_pass_beat", mux(accept, b, m1Beat!)) }
        let address = m.node("w_pass_raddr", passBankAddress(pass: nextPass, word: word))
        let enable = m.node("w_pass_read_en", !io.w.we)
        return banks.enumerated().map { j, bank in
            m.delayed("word_\(j)", bank.readSync(address, enable: enable, name: "w_pass_\(j)_rdata"))
        }
    }
}
