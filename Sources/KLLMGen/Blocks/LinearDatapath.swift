import HDL
import HDLLib

/// The ports of `kllm_linear` in SPEC order: five table write ports (`cw`, `ca`,
/// `thr`, `s`, `w`), the input stream, then `out_valid`, `out_y` and (when a
/// result takes more than one beat) `out_row`.
public struct LinearPorts {
    public let cw: TableWritePort<HSInt>, ca: TableWritePort<HSInt>, thr: TableWritePort<HSInt>, s: TableWritePort<HSInt>
    public let w: TableWritePort<HUInt>
    public let inValid: HBool, inReady: HBool, inData: HUInt
    public let outValid: HBool, outY: HUInt
    public let outRow: HUInt?
}

extension LinearGenerator {
    /// Declares (or binds) the ports: one declaration for the block, its parents and simulators.
    public func ports(_ p: PortMaker) -> LinearPorts {
        LinearPorts(cw: p.tableWrite("cw", addressWidth: weightBits, data: .sint(weightWidth)),
                    ca: p.tableWrite("ca", addressWidth: activationBits, data: .sint(dataWidth)),
                    thr: p.tableWrite("thr", addressWidth: activationBits, data: .sint(dataWidth)),
                    s: p.tableWrite("s", addressWidth: BitVector.addressWidth(entries: rows), data: .sint(scaleWidth)),
                    w: p.tableWrite("w", addressWidth: BitVector.addressWidth(entries: rows * beats), data: .uint(lanes * weightBits)),
                    inValid: p.input("in_valid", .bool), inReady: p.output("in_ready", .bool),
                    inData: p.input("in_data", .uint(lanes * dataWidth)),
                    outValid: p.output("out_valid", .bool), outY: p.output("out_y", .uint(outLanes * outputWidth)),
                    outRow: outputBeats == 1 ? nil : p.output("out_row", .uint(BitVector.addressWidth(entries: rows))))
    }
}

/// The loaded tables and what is built from them.
struct LinearTableState {
    let cw: Vec<HSInt>
    let ca: Vec<HSInt>
    let scales: Vec<HSInt>
    /// The register datapath: one bank per weight row (word b holds w[r][b*LANES ..< (b+1)*LANES]),
    /// read by the main sum and the compensation; empty on the replicated datapath.
    let weightRows: [Memory<HUInt>]
    /// `ARCH=replicated`: the main sum's weights, one synchronous-read bank per row-at-once j
    /// holding the rows it takes in every pass (`passBankAddress`).
    let passBanks: [Memory<HUInt>]?
    /// `ARCH=replicated` with outliers: the compensation's copy of the pass banks (synchronous reads).
    let compensationBanks: [Memory<HUInt>]?
    /// T[i][j] = Cw[i] * Ca[j].
    let product: ProductTable
    /// 1 while T is being rebuilt after a codebook write (until its last entry is written).
    let rebuilding: HBool
}

/// Where T lives (`ARCH`).
enum ProductTable {
    /// One register per entry: [i][j].
    case registers([[HSInt]])
    /// One copy per row-at-once j and lane l: [j][l], entry {i, j} at address i * 2^ABITS + j;
    /// `writing` is 1 in the cycles that write every copy.
    case replicated([[Memory<HSInt>]], writing: HBool)
}

/// What the main sum hands on.
struct LinearMainSum {
    /// Each row's sum of the vector so far, wrapped to ACC_W; loaded from the main
    /// sum on the vector's last beat, then compensated.
    let bank: [HSInt]
    /// 1 at the edge that accepts a vector's last beat.
    let lastAccepted: HBool
    /// 1 at every edge that accepts a beat.
    let accepted: HBool
    /// 1 when the beat offered now would end its vector.
    let isLastBeat: HBool
    /// 1 while the beat in stage M1 still has passes to go (no new beat now).
    let m1Busy: HBool
}

extension LinearGenerator {
    /// Cycles from the rebuild's entry index to its write into the replicated copies.
    static let rebuildStages = 4

    /// Codebooks, scales and weights as written through the table ports, and the
    /// product table rebuilt after any codebook write (one entry per cycle).
    func buildTables(_ m: ModuleBuilder, _ io: LinearPorts) -> LinearTableState {
        let cw = m.registerTable("cw", count: 1 << weightBits, .sint(weightWidth), writtenBy: io.cw)
        let ca = m.registerTable("ca", count: 1 << activationBits, .sint(dataWidth), writtenBy: io.ca)
        let scales = m.registerTable("s", count: rows, .sint(scaleWidth), writtenBy: io.s)

        // Weight row r holds words r*B ..< (r+1)*B of the w_* address space.
        let bankAddress = BitVector.addressWidth(entries: beats)
        let weightRows = architecture == .replicated ? [] : (0..<rows).map { m.memory("w_row_\($0)", .uint(lanes * weightBits), depth: beats) }
        let addressLimit = 1 << io.w.waddr.width
        var rowWrites: [(hit: HBool, word: HUInt?)] = []
        for r in 0..<rows {
            let lo = r * beats, hi = (r + 1) * beats
            var hit = io.w.we
            if lo > 0 { hit = hit & (io.w.waddr .>= lo) }
            if hi < addressLimit { hit = hit & (io.w.waddr .< hi) }
            let offset = lo == 0 ? io.w.waddr : io.w.waddr &- lo
            let word = beats == 1 ? nil : m.node("w_row_\(r)_word", offset.bits(bankAddress - 1, 0))
            let rowHit = m.node("w_row_\(r)_we", hit)
            if !weightRows.isEmpty { m.when(rowHit) { weightRows[r].write(word ?? HUInt(0, width: 1), io.w.wdata) } }
            rowWrites.append((rowHit, word))
        }
        let passBanks = architecture == .replicated ? buildPassBanks(m, io, rowWrites) : nil

        // T, rebuilt entry by entry after the last codebook write (a new write restarts it).
        let indexBits = weightBits + activationBits
        let product: ProductTable
        switch architecture {
        case .registers:
            product = .registers((0..<(1 << weightBits)).map { i in
                (0..<(1 << activationBits)).map { j in m.reg("t_\(i)_\(j)", .sint(entryWidth)) }
            })
        case .replicated:
            product = .replicated((0..<rowsPerPass).map { j in
                (0..<lanes).map { l in m.memory("t_copy_\(j)_\(l)", .sint(entryWidth), depth: 1 << indexBits) }
            }, writing: m.reg("t_write_q\(Self.rebuildStages)", .bool, reset: 0))
        }
        let rebuilding = m.reg("t_rebuilding", .bool, reset: 0)
        let next = m.reg("t_next", .uint(indexBits))   // set by every codebook write before it is used
        let wi = m.node("t_next_w", next.bits(indexBits - 1, activationBits))
        let aj = m.node("t_next_a", next.bits(activationBits - 1, 0))
        // Registers: T[next] = entry inside the rebuild's condition (writeEntry); the
        // replicated copies are written `rebuildStages` cycles later, outside it.
        let writeEntry: () -> Void
        let busy: HBool
        switch product {
        case .registers(let cells):
            let entry = m.node("t_entry", cw.at(wi) * ca.at(aj))
            let rowLines = OneHotSelect.lines(m, "t_next_w_hot", wi), columnLines = OneHotSelect.lines(m, "t_next_a_hot", aj)
            writeEntry = {
                for (i, row) in cells.enumerated() {
                    for (j, cell) in row.enumerated() { m.when(rowLines[i] & columnLines[j]) { cell.assign(entry) } }
                }
            }
            busy = rebuilding
        case .replicated(let copies, let writing):
            // The FPGA datapath pipelines the rebuild (it only costs rebuild cycles): the
            // entry's factors (a codebook read) and the product (a DSP) are each registered
            // twice, so placement can put one register by the codebooks, one by the DSP and
            // one by the block RAMs' write ports: entry `next` is written four cycles later.
            let twice = { (name: String, value: HSInt) in m.delayLine(name, value, cycles: 2).last! }
            let entry = twice("t_entry_q", twice("t_cw_q", cw.at(wi)) * twice("t_ca_q", ca.at(aj)))
            // t_write_q .. t_write_q3 here, the last stage (`writing`, t_write_q4) declared with the copies.
            let flags = m.delayLine("t_write_q", rebuilding & !(io.cw.we | io.ca.we), cycles: Self.rebuildStages - 1, reset: 0)
            writing.assign(flags.last!)
            let addressAtWrite = m.delayLine("t_next_q", next, cycles: Self.rebuildStages).last!
            m.when(writing) { for copy in copies.joined() { copy.write(addressAtWrite, entry) } }
            writeEntry = {}
            // Busy while any of rebuilding, t_write_q .. t_write_q4 is set: registered from their
            // next values (a codebook write sets t_rebuilding, each flag shifts into the next),
            // so in_ready starts at one flip-flop instead of a five-input OR.
            let busyQ = m.reg("t_busy", .bool, reset: 0)
            busyQ.assign(flags.reduce(io.cw.we | io.ca.we | rebuilding) { $0 | $1 })
            busy = busyQ
        }
        m.when(io.cw.we | io.ca.we) {
            rebuilding.assign(true)
            next.assign(0)
        }.elsewhen(rebuilding) {
            writeEntry()
            next.assign(next &+ 1)
            m.when(next .== (1 << indexBits) - 1) { rebuilding.assign(false) }
        }
        return LinearTableState(cw: cw, ca: ca, scales: scales, weightRows: weightRows, passBanks: passBanks?.main,
                                compensationBanks: passBanks?.compensation, product: product, rebuilding: busy)
    }

    /// Quantizes each accepted beat and sums T[w][a] over its lanes for every row,
    /// ROW_PAR rows per cycle; on the last beat the sums move to the compensation bank.
    func buildMainSum(_ m: ModuleBuilder, _ io: LinearPorts, _ t: LinearTableState) throws -> LinearMainSum {
        let accept = m.node("accept", io.inValid & io.inReady)
        let beat = m.moduloCounter("beat", modulus: beats, advance: accept, atLastName: "is_last_beat")
        let (beatCount, isLastBeat) = (beat.value, beat.atLast)
        let lastAccepted = m.node("last_accepted", accept & isLastBeat)

        let quantizer = m.instance(try QuantizerGenerator(lanes: lanes, dataWidth: dataWidth, indexBits: activationBits,
                                                                   stages: quantizerStages).component(), "quantizer")
        quantizer.thr.assign(io.thr)
        quantizer.inValid.assign(accept)
        quantizer.inData.assign(io.inData)
        let a = quantizer.outIdx.split(lanes).enumerated().map { m.node("a_\($0.offset)", $0.element) }

        // Stage M1: the accepted beat, processed in G passes of ROW_PAR rows.
        // No reset: a phantom pass right after a reset only writes sums the next
        // vector's first beat restarts (and a bank its last beat overwrites).
        let m1Valid = m.reg("m1_valid", .bool)
        let m1First = m.reg("m1_first", .bool, enable: accept)
        let m1Last = m.reg("m1_last", .bool, enable: accept)
        m1First.assign(beatCount.map { $0 .== 0 } ?? HBool(true))
        m1Last.assign(isLastBeat)
        let m1Beat = beatCount.map { c in m.reg("m1_beat", .uint(c.width), enable: accept) }
        if let m1Beat, let beatCount { m1Beat.assign(beatCount) }
        let pass = passes == 1 ? nil : m.reg("pass", .uint(BitVector.minWidth(passes - 1, signed: false)), reset: 0)
        let lastPass = m.node("last_pass", pass.map { $0 .== passes - 1 } ?? HBool(true))
        m.when(accept) {
            m1Valid.assign(true)
            pass?.assign(0)
        }.elsewhen(lastPass) {
            m1Valid.assign(false)
        }.otherwise {
            if let pass { pass.assign(pass &+ 1) }
        }

        // Registers: every lane fetches its column of T once (AND-OR over its activation's
        // one-hot lines); each row picks its entry by weight index the same way (OneHotSelect).
        let column: [[HSInt]]
        if case .registers(let cells) = t.product {
            column = (0..<lanes).map { l in
                let lines = OneHotSelect.lines(m, "a_\(l)_hot", a[l])
                return cells.enumerated().map { m.node("col_\(l)_\($0.offset)", OneHotSelect.select(lines, $0.element)) }
            }
        } else {
            column = []
        }
        // The passes' reads: M1 itself, or M1 a cycle later (`m1q_*`: M1's control delayed;
        // M1 still paces the beats, so `m1_busy` keeps them G cycles apart) with
        // QUANT_STAGES = 2, when the quantizer's index arrives, and always on the replicated
        // datapath, whose weights come from the pass banks two registers after their address.
        var read = (valid: m1Valid, first: m1First, last: m1Last, pass: pass)
        var readBeat = m1Beat
        if readLag == 1 {
            read = (valid: m.delayed("m1q_valid", read.valid), first: m.delayed("m1q_first", read.first),
                    last: m.delayed("m1q_last", read.last), pass: read.pass.map { m.delayed("m1q_pass", $0) })
            if t.passBanks == nil { readBeat = readBeat.map { m.delayed("m1q_beat", $0) } }
        }
        // The replicated datapath with one quantizer stage holds the index a cycle for the late read.
        let aRead = t.passBanks != nil && quantizerStages == 1 ? a.enumerated().map { m.delayed("a_q_\($0.offset)", $0.element) } : a
        let passWords = t.passBanks.map {
            passBankWords(m, io, $0, accept: accept, beat: beatCount, m1Beat: m1Beat, pass: pass, lastPass: lastPass)
        }
        let wordAddress = readBeat ?? HUInt(0, width: 1)
        let bank = (0..<rows).map { m.reg("bank_\($0)", .sint(accWidth)) }
        let acc = (0..<rows).map { m.reg("acc_\($0)", .sint(accWidth)) }
        // The sums: in M1 itself from the registers; from the lane-sum registers behind
        // the term and the memories' read registers D cycles later (stage M(1 + D), its
        // control M1's delayed, no reset for the same reason).
        var sum = (valid: read.valid, first: read.first, last: read.last, pass: read.pass)
        for stage in 2..<(2 + tableReadDelay) {
            sum = (valid: m.delayed("m\(stage)_valid", sum.valid), first: m.delayed("m\(stage)_first", sum.first),
                   last: m.delayed("m\(stage)_last", sum.last), pass: sum.pass.map { m.delayed("m\(stage)_pass", $0) })
        }
        // The copies' reads are never enabled in a write cycle (the rebuild keeps in_ready
        // low, so none is a real read): synthesis then adds no read-before-write logic
        // behind the block RAMs' slow outputs. Otherwise they read every cycle (a read
        // without a beat is ignored): the enable is the write flag's inverse alone, with
        // nothing else to gather on its way to 128 block RAMs' clock enables (a register
        // of its own instead hid from synthesis that reads and writes never meet).
        var tableRead = read.valid
        if case .replicated(_, let writing) = t.product { tableRead = m.node("t_read_en", !writing) }
        for j in 0..<rowsPerPass {
            let word: HUInt
            if let passWords {
                word = passWords[j]
            } else {
                let words = (0..<passes).map { g in t.weightRows[g * rowsPerPass + j].read(wordAddress) }
                word = m.node("word_\(j)", read.pass.map { Vec(words).at($0) } ?? words[0])
            }
            let w = word.split(lanes)
            let terms: [HSInt]
            switch t.product {
            case .registers:
                terms = (0..<lanes).map { l in
                    m.node("term_\(j)_\(l)", OneHotSelect.select(OneHotSelect.lines(m, "w_\(j)_\(l)_hot", w[l]), column[l]))
                }
            case .replicated(let copies, _):
                terms = (0..<lanes).map { l in
                    let entry = copies[j][l].readSync(cat(w[l], aRead[l]), enable: tableRead, name: "t_read_\(j)_\(l)")
                    let nearRAM = m.delayLine("t_read_q_\(j)_\(l)", entry, cycles: readStages - 1).last ?? entry
                    return m.delayed("term_\(j)_\(l)", nearRAM)
                }
            }
            let laneSum = balancedTree(terms, +).resized(to: accWidth)
            // The replicated datapath registers the lanes' sum: the adder tree and the
            // accumulator's adder would not fit one FPGA cycle together.
            let partial = m.stage("partial_\(j)", laneSum, registered: architecture == .replicated)
            for g in 0..<passes {
                let r = g * rowsPerPass + j
                let next = m.node("sum_\(r)", mux(sum.first, partial, acc[r] &+ partial))
                let active = sum.pass.map { $0 .== g } ?? HBool(true)
                m.when(sum.valid & active) {
                    acc[r].assign(next)
                    m.when(sum.last) { bank[r].assign(next) }
                }
            }
        }
        return LinearMainSum(bank: bank, lastAccepted: lastAccepted, accepted: accept, isLastBeat: isLastBeat,
                             m1Busy: m.node("m1_busy", m1Valid & !lastPass))
    }
}
