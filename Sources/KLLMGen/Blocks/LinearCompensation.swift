import HDL
import HDLLib

extension LinearGenerator {
    /// y = s * acc for output lane `j`: a wire on the register datapath. The FPGA datapath
    /// takes two registered steps, each multiply small enough for one 18x18 DSP (a wider
    /// one is a DSP plus a carry chain, too long for an FPGA cycle with its routes): s
    /// times acc's low 17 bits (unsigned) and s times its signed high part, then their sum.
    private func scaledOutput(_ m: ModuleBuilder, _ j: Int, _ s: HSInt, _ acc: HSInt) -> HSInt {
        guard outputDelay > 0 else { return m.node("y_\(j)", s * acc) }
        let split = 17
        guard acc.width > split + 1 else { return m.delayed("y_\(j)", m.delayed("y_product_\(j)", s * acc)) }
        let low = m.delayed("y_low_\(j)", s * acc.bits(split - 1, 0).asNonNegativeSInt)
        let high = m.delayed("y_high_\(j)", s * acc.bits(acc.width - 1, split).asSInt)
        return m.delayed("y_\(j)", (high.resized(to: outputWidth) << split) &+ low.resized(to: outputWidth))
    }

    /// The outlier lists, the compensation walk, the output buffer and `in_ready`.
    /// One timeline counter per vector (`tl` = edges since the one that accepted
    /// its last beat: 0 in the cycle right after it) places every step, so the latency is the same for every vector.
    func buildCompensationAndOutput(_ m: ModuleBuilder, _ io: LinearPorts, _ t: LinearTableState, _ main: LinearMainSum) throws {
        let loadAt = outputLoadCycle   // the output buffer loads at the end of this timeline cycle
        let tl = m.reg("tl", .uint(BitVector.minWidth(max(loadAt, 1), signed: false)))   // read only while running
        let running = m.reg("tl_running", .bool, reset: 0)
        m.when(main.lastAccepted) {
            tl.assign(0)
            running.assign(true)
        }.elsewhen(running) {
            m.when(tl .== loadAt) { running.assign(false) }.otherwise { tl.assign(tl &+ 1) }
        }
        if let engine = outlierEngine { try buildCompensation(m, io, t, main, engine, tl: tl, running: running) }

        // Output: the compensated sums and the scales move to a shift buffer; each
        // cycle shows OUT_LANES rows of y = s * acc, rows ascending.
        // out_load (= running & tl == loadAt) and out_shifting (= out_busy != 0) are registered
        // from their next values, so the clock enables of the N-row buffer start at flip-flops.
        let load = m.reg("out_load", .bool, reset: 0)
        load.assign(loadAt == 0 ? main.lastAccepted : !main.lastAccepted & running & (tl .== loadAt - 1))
        let outAcc = (0..<rows).map { m.reg("out_acc_\($0)", .sint(accWidth)) }
        let outScale = (0..<rows).map { m.reg("out_scale_\($0)", .sint(scaleWidth)) }
        let busy = m.reg("out_busy", .uint(BitVector.minWidth(outputBeats, signed: false)), reset: 0)
        let showing = m.reg("out_shifting", .bool, reset: 0)
        showing.assign(outputBeats == 1 ? load : load | (busy .>= 2))
        let (outValid, outY) = (io.outValid, io.outY)
        let rowQ = outputBeats == 1 ? nil : m.reg("out_row_q", .uint(BitVector.addressWidth(entries: rows)))   // set by every load
        m.when(load) {
            busy.assign(outputBeats)
            rowQ?.assign(0)
            for r in 0..<rows {
                outAcc[r].assign(main.bank[r])
                outScale[r].assign(t.scales[r])
            }
        }.elsewhen(showing) {
            busy.assign(busy &- 1)
            if let rowQ { rowQ.assign(rowQ &+ outLanes) }
            for r in 0..<(rows - outLanes) {
                outAcc[r].assign(outAcc[r + outLanes])
                outScale[r].assign(outScale[r + outLanes])
            }
        }
        // The replicated datapath computes y in R = 2 registered steps (scaledOutput);
        // out_valid and out_row follow it.
        outValid.assign(m.delayLine("out_valid_q", showing, cycles: outputDelay, reset: 0).last ?? showing)
        let row = rowQ.map { m.delayLine("out_row_q", $0, cycles: outputDelay, from: 2).last ?? $0 }
        // Contract: a vector is K/LANES accepted beats (counted here from reset, independently of `beat`).
        let accepted = io.inValid & io.inReady
        let refBeat = beats == 1 ? nil : m.propertyReg("ref_beat", .uint(BitVector.addressWidth(entries: beats)), reset: 0)
        let lastByCount = refBeat.map { $0 .== beats - 1 } ?? HBool(true)
        if let refBeat { m.when(accepted) { refBeat.assign(mux(lastByCount, HUInt(0, width: refBeat.width), refBeat &+ 1)) } }
        Contract.latency(m, accepted: accepted & lastByCount, outValid: outValid, latency: latency,
                         firstBeat: row.map { outValid & ($0 .== 0) })
        if let row { Contract.beats(m, outValid: outValid, row: row, rowsPerBeat: outLanes, rows: rows) }
        if let row, let outRow = io.outRow { outRow.assign(row) }
        let y = (0..<outLanes).map { scaledOutput(m, $0, outScale[$0], outAcc[$0]) }
        outY.assign(Vec(y.map(\.asUInt)).flattened())

        // in_ready: not while T is rebuilt or a beat still has passes to go, and a
        // vector's last beat no sooner than `interval` cycles after the previous one.
        // since_last = edges since the previous last beat (saturating at I).
        let spacing = m.reg("since_last", .uint(BitVector.minWidth(interval, signed: false)), reset: interval)
        m.when(main.lastAccepted) {
            spacing.assign(1)
        }.elsewhen(spacing .< interval) {
            spacing.assign(spacing &+ 1)
        }
        // last_beat_allowed = since_last >= I, registered from since_last's next value (a last
        // beat restarts it at 1 < I; else it reaches I from I - 1 or stays there), so in_ready
        // starts at a flip-flop instead of a counter compare.
        let spacedOut: HBool
        if interval == 1 {
            spacedOut = HBool(true)
        } else {
            let allowed = m.reg("last_beat_allowed", .bool, reset: 1)
            allowed.assign(!main.lastAccepted & (spacing .>= interval - 1))
            spacedOut = allowed
        }
        // The replicated datapath also takes no beat in a weight-write cycle: the pass banks
        // read the beat's first word in that cycle (passBankWords).
        let ready = !t.rebuilding & !main.m1Busy & (!main.isLastBeat | spacedOut)
        io.inReady.assign(t.passBanks == nil ? ready : ready & !io.w.we)
    }

    /// The Orizuru instance and the compensation walk: slot k (max list, then min
    /// list) is read in timeline cycle compStart + k and added 1 + E cycles later.
    private func buildCompensation(_ m: ModuleBuilder, _ io: LinearPorts, _ t: LinearTableState, _ main: LinearMainSum,
                                   _ engine: OrizuruGenerator, tl: HUInt, running: HBool) throws {
        let orizuru = m.instance(try engine.component(), "outliers")
        orizuru.inValid.assign(main.accepted)
        orizuru.inLast.assign(main.isLastBeat)
        orizuru.inData.assign(io.inData)
        let found = orizuru.outValid
        let maxPos = orizuru.outMaxPos.split(topK)
        let minPos = orizuru.outMinPos.split(topK)
        let maxVal = orizuru.outMaxVal.splitSigned(topK)
        let minVal = orizuru.outMinVal.splitSigned(topK)

        // The slots, registered when the lists come out: a position counts once,
        // empty slots (position >= K) not at all.
        // The FPGA datapath walks the slots as shift registers (slot 0 is the one in C0:
        // no index multiplexer in front of the quantizer); the registers pick slot k by tl.
        let walk = compensationDelay > 0
        let slotPos = (0..<slots).map { m.reg("slot_pos_\($0)", .uint(positionWidth), enable: walk ? nil : found) }
        let slotVal = (0..<slots).map { m.reg("slot_val_\($0)", .sint(dataWidth), enable: walk ? nil : found) }
        let slotUse = (0..<slots).map { m.reg("slot_use_\($0)", .bool, enable: walk ? nil : found) }
        var maxSlots: [(pos: HUInt, val: HSInt, use: HBool)] = [], minSlots = maxSlots
        for k in 0..<topK {
            maxSlots.append((maxPos[k], maxVal[k], m.node("max_in_range_\(k)", maxPos[k] .< inputs)))
            let repeated = (0..<topK).map { (maxPos[$0] .== minPos[k]) & (maxPos[$0] .< inputs) }.reduce(HBool(false)) { $0 | $1 }
            minSlots.append((minPos[k], minVal[k], m.node("min_counts_\(k)", (minPos[k] .< inputs) & !repeated)))
        }
        let loaded = maxSlots + minSlots
        func load() {
            for (i, l) in loaded.enumerated() { slotPos[i].assign(l.pos); slotVal[i].assign(l.val); slotUse[i].assign(l.use) }
        }

        // C0: the slot's position -> every row's weight index -> Cw; x to the quantizer.
        // The replicated datapath takes ROW_PAR rows per cycle, G cycles per slot
        // (`c0_pass`), through its compensation banks.
        let c0 = m.node("c0_active", running & (tl .>= compStart) & (tl .< compStart + slots * compensationPasses))
        // (A window is slots·G cycles, so the counter is back at 0 when the next one starts.)
        let slotPass = m.moduloCounter("c0_pass", modulus: compensationPasses, advance: c0, atLastName: "c0_last_pass")
        let (c0Pass, slotDone) = (slotPass.value, slotPass.atLast)
        let p: HUInt, x: HSInt, use: HBool
        if walk {
            m.when(found) { load() }.elsewhen(c0 & slotDone) {
                for i in 0..<(slots - 1) { slotPos[i].assign(slotPos[i + 1]); slotVal[i].assign(slotVal[i + 1]); slotUse[i].assign(slotUse[i + 1]) }
            }
            (p, x, use) = (slotPos[0], slotVal[0], m.node("c0_use", c0 & slotUse[0]))
        } else {
            load()
            let slotIndexWidth = BitVector.minWidth(max(slots - 1, 1), signed: false)
            let k = m.node("c0_slot", (tl &- compStart).resized(to: max(tl.width, slotIndexWidth)).bits(slotIndexWidth - 1, 0))
            (p, x, use) = (m.node("c0_pos", Vec(slotPos).at(k)), m.node("c0_x", Vec(slotVal).at(k)), m.node("c0_use", c0 & Vec(slotUse).at(k)))
        }
        let (word, lane) = wordAndLane(m, p)
        let quantizer = m.instance(try QuantizerGenerator(lanes: 1, dataWidth: dataWidth, indexBits: activationBits,
                                                          stages: walk ? 2 : 1).component(),
                                   "outlier_quantizer")
        quantizer.thr.assign(io.thr)
        quantizer.inValid.assign(c0)
        quantizer.inData.assign(x.asUInt)
        let a = quantizer.outIdx
        // No reset below: a stray addition right after a reset lands in a bank the next
        // vector's main sum overwrites before it is read.
        let c1Use = m.delayed("c1_use", use)
        let c1X = m.delayed("c1_x", x)
        guard walk, let compensationBanks = t.compensationBanks else {
            // The register datapath, C0: every row reads its weight index and Cw; C1:
            // x - Ca[a] (a from the one-stage quantizer) times each row's Cw, into the bank.
            let cwAtOutlier = t.weightRows.enumerated().map { r, bank -> HSInt in
                let w = bank.read(word).split(lanes)
                let index = m.node("c0_w_\(r)", lanes == 1 ? w[0] : w.at(lane))
                return m.delayed("c1_cw_\(r)", t.cw.at(index))
            }
            let correction = m.node("c1_correction", c1X - t.ca.at(a))
            for r in 0..<rows {
                let delta = m.node("c1_delta_\(r)", (cwAtOutlier[r] * correction).resized(to: accWidth))
                m.when(c1Use) { main.bank[r].assign(main.bank[r] &+ delta) }
            }
            return
        }
        // The replicated datapath (E = 4), ROW_PAR rows per cycle, the slot's pass carried
        // along: C0 reads group j's weight word (row g·ROW_PAR + j in pass g) through the
        // compensation bank's synchronous port; C1 registers the word as it leaves the
        // memory (a block RAM's output register); C2 picks the outlier's lane and its Cw
        // and takes x - Ca[a] (the one-lane quantizer has two stages); C3 registers both
        // where they are made, C4 again at the multiplier (a DSP's input registers: the
        // block RAMs and the DSPs sit in rows of their own, far apart), C5 the products,
        // added to the bank.
        /// `value` carried through one register per stage k in `stages`, named c<k>_`name`.
        func staged<T: Hardware>(_ name: String, _ value: T, _ stages: ClosedRange<Int>,
                                 file: StaticString = #fileID, line: UInt = #line) -> T {
            stages.reduce(value) { m.delayed("c\($1)_\(name)", $0, file: file, line: line) }
        }
        let address = m.node("c0_waddr", passBankAddress(pass: c0Pass, word: beats == 1 ? nil : word))
        let c2Lane = staged("lane", lane, 1...2)
        let c3Cw = compensationBanks.enumerated().map { j, bank -> HSInt in
            let w = m.delayed("c2_w_\(j)", bank.readSync(address, name: "c1_w_\(j)")).split(lanes)
            let index = m.node("c2_index_\(j)", lanes == 1 ? w[0] : w.at(c2Lane))
            return m.delayed("c3_cw_\(j)", t.cw.at(index))
        }
        let correction = m.node("c2_correction", staged("x", c1X, 2...2) - t.ca.at(a))
        let addUse = staged("use", c1Use, 2...5)
        let addPass = c0Pass.map { staged("pass", $0, 1...5) }
        let c4Correction = staged("correction", correction, 3...4)
        for (j, c3) in c3Cw.enumerated() {
            let cw = m.delayed("c4_cw_\(j)", c3)
            let delta = m.delayed("c5_delta_\(j)", (cw * c4Correction).resized(to: accWidth))
            for g in 0..<compensationPasses {
                let r = g * rowsPerPass + j
                m.when(addPass.map { addUse & ($0 .== g) } ?? addUse) { main.bank[r].assign(main.bank[r] &+ delta) }
            }
        }
    }

    /// The weight word and lane of position `p` (p = word * LANES + lane).
    private func wordAndLane(_ m: ModuleBuilder, _ p: HUInt) -> (HUInt, HUInt) {
        let wordWidth = BitVector.addressWidth(entries: beats)
        let laneWidth = BitVector.addressWidth(entries: lanes)
        if lanes == 1 { return (m.node("c0_word", p.resized(to: wordWidth)), HUInt(0, width: 1)) }
        if lanes & (lanes - 1) == 0 {
            let shift = laneWidth
            let word = beats == 1 ? HUInt(0, width: 1) : (p >> shift).resized(to: wordWidth)
            return (m.node("c0_word", word), m.node("c0_lane", p.bits(shift - 1, 0)))
        }
        // LANES not a power of two: the word is the number of word starts at or below p.
        let starts = (1..<beats).map { (p .>= $0 * lanes).asUInt.resized(to: wordWidth) }
        let word = m.node("c0_word", starts.isEmpty ? HUInt(0, width: wordWidth) : balancedTree(starts, &+))
        let base = Vec((0..<beats).map { HUInt($0 * lanes, width: p.width) }).at(word)
        return (word, m.node("c0_lane", (p &- base).resized(to: laneWidth)))
    }
}
