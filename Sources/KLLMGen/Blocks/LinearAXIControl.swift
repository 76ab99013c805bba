import BitVector
import HDL
import HDLLib

/// What the AXI4-Lite write side hands back to the wrapper.
struct LinearAXIWrites {
    /// 1 in the cycle of a CONTROL write with bit 2 set.
    let clearFramingError: HBool
    /// 1 in the cycle a table entry commits (the next value of `weQ`).
    let commit: HBool
}

extension LinearAXIGenerator {
    /// The write channels: table regions (wait for `idle`; a word per entry chunk, the
    /// last chunk commits through a register to the tile's table port) and CONTROL.
    /// Drives `weQ` (a register) so it is 1 in the cycle a committed entry is on a tile table port.
    func writeTables(_ m: ModuleBuilder, _ a: AXILiteSlave, _ t: LinearPorts, idle: HBool, weQ: HBool) -> LinearAXIWrites {
        let (region, word) = decode(a.awaddr)
        let bvalid = m.reg("axil_bvalid", .bool, reset: 0)
        let bresp = m.reg("axil_bresp", .uint(2), reset: 0)
        let go = m.node("axil_write", a.awvalid & a.wvalid & !bvalid & (!tableRegion(a.awaddr) | idle))
        a.awready.assign(go)
        a.wready.assign(go)
        a.bvalid.assign(bvalid)
        a.bresp.assign(bresp)

        let maxChunks = map.tables.map(\.chunks).max() ?? 1
        let stage = m.regs("axil_stage", count: maxChunks, .uint(32), reset: 0)
        let isControl = m.node("axil_control", isRegister(a.awaddr, "CONTROL"))
        var accepted = isControl
        var commits: [HBool] = []
        let ports: [String: (we: HBool, waddr: HUInt, wdata: any Hardware)] = [
            "CW": (t.cw.we, t.cw.waddr, t.cw.wdata), "CA": (t.ca.we, t.ca.waddr, t.ca.wdata), "THR": (t.thr.we, t.thr.waddr, t.thr.wdata),
            "S": (t.s.we, t.s.waddr, t.s.wdata), "W": (t.w.we, t.w.waddr, t.w.wdata),
        ]
        for table in map.tables {
            let name = table.name.lowercased()
            let strideBits = table.stride.trailingZeroBitCount
            let entry = word.bits(word.width - 1, strideBits)
            let chunk = strideBits == 0 ? HUInt(0, width: 1) : word.bits(strideBits - 1, 0)
            let hit = m.node("axil_\(name)_hit", (region .== table.region) & (entry .< table.entries) & (chunk .< table.chunks))
            accepted = accepted | hit
            // The addressed chunk merged with the written bytes; the entry is the staged chunks below it plus this one.
            let old = table.chunks == 1 ? stage[0] : Vec(Array(stage.elements.prefix(table.chunks))).at(chunk.resized(to: BitVector.addressWidth(entries: table.chunks)))
            let merged = cat((0..<4).reversed().map { b -> any Hardware in
                mux(a.wstrb.bit(b), a.wdata.bits(8 * b + 7, 8 * b), old.bits(8 * b + 7, 8 * b)) })
            for c in 0..<table.chunks {
                m.when(go & hit & (chunk .== c)) { stage[c].assign(merged) }
            }
            let commit = m.node("axil_\(name)_commit", go & hit & (chunk .== table.chunks - 1))
            commits.append(commit)
            let entryValue = cat(([merged] + stage.elements.prefix(table.chunks - 1).reversed()).map { $0 as any Hardware })
                .bits(table.width - 1, 0)
            let port = ports[table.name]!
            port.we.assign(m.delayed("\(name)_we_q", commit, reset: 0))
            port.waddr.assign(m.delayed("\(name)_waddr_q", entry.resized(to: port.waddr.width), enable: commit))
            let data = m.delayed("\(name)_wdata_q", entryValue, enable: commit)
            if let signedPort = port.wdata as? HSInt { signedPort.assign(data.asSInt) } else if let unsignedPort = port.wdata as? HUInt { unsignedPort.assign(data) }
        }
        let commit = m.node("axil_table_commit", commits.dropFirst().reduce(commits[0], |))
        weQ.assign(commit)
        m.when(go) {
            bvalid.assign(true)
            bresp.assign(mux(accepted, HUInt(AXILiteSlave.okay, width: 2), HUInt(AXILiteSlave.slaveError, width: 2)))
        }.elsewhen(a.bready) {
            bvalid.assign(false)
        }
        return LinearAXIWrites(clearFramingError: m.node("clear_framing_error", go & isControl & a.wdata.bit(2) & a.wstrb.bit(0)),
                               commit: commit)
    }

    /// The read channels: region 0's registers (parameters as constants, `status` live);
    /// any other address answers SLVERR with data 0.
    func readRegisters(_ m: ModuleBuilder, _ a: AXILiteSlave, status: HUInt) {
        let g = tile
        let rvalid = m.reg("axil_rvalid", .bool, reset: 0)
        let rdata = m.reg("axil_rdata", .uint(32), reset: 0)
        let rresp = m.reg("axil_rresp", .uint(2), reset: 0)
        a.arready.assign(!rvalid)
        a.rvalid.assign(rvalid)
        a.rdata.assign(rdata)
        a.rresp.assign(rresp)
        func const(_ v: Int) -> HUInt { HUInt(v, width: 32) }
        let values: [String: HUInt] = [
            "ID": const(LinearAXIRegisterMap.identification), "VERSION": const(LinearAXIRegisterMap.version),
            "SHAPE": const(g.inputs << 16 | g.rows), "BEAT": const(g.outLanes << 16 | g.lanes),
            "WIDTHS": const(g.weightWidth << 24 | g.dataWidth << 16 | g.activationBits << 8 | g.weightBits),
            "WIDTHS2": const(g.topK << 16 | g.accWidth << 8 | g.scaleWidth),
            "LATENCY": const(g.latency), "INTERVAL": const(g.interval), "ROW_PAR": const(g.rowsPerPass),
            "RESULT_DEPTH": const(resultDepth), "STATUS": status, "CONTROL": const(0),
        ]
        var value = HUInt(0, width: 32)
        var readable = HBool(false)
        for r in map.registers {
            let hit = isRegister(a.araddr, r.name)
            value = value | mux(hit, values[r.name]!, HUInt(0, width: 32))
            readable = readable | hit
        }
        m.when(a.arvalid & !rvalid) {
            rvalid.assign(true)
            rdata.assign(m.node("axil_read_value", value))
            rresp.assign(mux(readable, HUInt(AXILiteSlave.okay, width: 2), HUInt(AXILiteSlave.slaveError, width: 2)))
        }.elsewhen(a.rready) {
            rvalid.assign(false)
        }
    }
}
