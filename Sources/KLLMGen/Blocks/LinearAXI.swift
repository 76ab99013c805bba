import BitVector
import HDL
import HDLExamples
import HDLLib

/// `kllm_linear_axi`: the `kllm_linear` tile for integrators, behind standard buses.
/// Parameters: those of kllm_linear plus RESULT_DEPTH.
public enum LinearAXISpec {
    public static let resultDepth = ParameterSpec.integer(
        "RESULT_DEPTH", default: 0, in: 0...65536,
        "result FIFO depth in output beats, a power of two (0: the smallest that keeps the tile at full rate)")

    public static let block = BlockSpec(
        name: "kllm_linear_axi", summary: "kllm_linear behind AXI4-Stream (vectors in, results out) and AXI4-Lite (tables, status)",
        parameters: LinearSpec.block.parameters + [resultDepth],
        companions: { p in [(name: "kllm_linear_axi.h", text: try LinearAXIGenerator(p).map.cHeader(moduleName: "kllm_linear_axi"))] },
        generate: { p in try LinearAXIGenerator(p).build() })
}

/// The ports of `kllm_linear_axi`.
public struct LinearAXIPorts {
    /// Activation vectors: one tile beat per transfer (LANES signed DATA_W elements, low bits
    /// first, tdata rounded up to bytes), tlast on each vector's last beat.
    public let vectors: AXIStreamSink
    /// Results: one output beat per transfer (OUT_LANES rows of ACC_W + S_W bits, rows ascending
    /// within and across beats), tlast on a vector's last beat.
    public let results: AXIStreamSource
    /// Tables, parameters, status and control (`LinearAXIRegisterMap`).
    public let control: AXILiteSlave
}

/// The wrapper: an AXI4-Stream slave feeds the tile's input beats; a result FIFO
/// behind the tile drives the AXI4-Stream master, so back-pressure stalls the
/// input and never loses a result; an AXI4-Lite slave writes the tables and reads
/// the parameter and status registers.
///
/// - Credits: a vector is admitted (its first beat taken) only when the FIFO has
///   room for its whole result, counting the beats still owed by vectors inside
///   the tile (a registered flag: a beat popped from the FIFO frees room a cycle
///   later); once admitted, its beats pass straight to the tile.
/// - Table writes wait (AWREADY/WREADY low) until the tile is idle (no vector open,
///   every result beat out of the tile); while one waits no new vector is admitted.
///   The entry reaches the tile's table port one cycle after the write handshake.
/// - tlast on the input is checked against the tile's own beat count; a mismatch
///   sets the sticky framing-error status bit (the tile frames by count).
/// - Latency: a result's first beat is valid L + 1 cycles after its last input beat
///   when the FIFO is empty (L: the tile's latency; one cycle through the FIFO).
public struct LinearAXIGenerator {
    public let tile: LinearGenerator
    public let resultDepth: Int
    public let map: LinearAXIRegisterMap
    public let values: ParameterValues

    public init(_ values: ParameterValues) throws {
        values.require(LinearAXISpec.block)
        let S = LinearSpec.self
        // Every kllm_linear parameter passes to the tile as given.
        tile = try LinearGenerator(S.block.resolve(S.block.parameters.map { ($0, values[$0]) }))
        self.values = values
        let asked = values[LinearAXISpec.resultDepth]
        if asked == 0 {
            resultDepth = Self.fullRateDepth(tile)
        } else {
            guard asked & (asked - 1) == 0, asked >= max(2, tile.outputBeats) else {
                throw ParameterError(parameter: LinearAXISpec.resultDepth.name, value: asked,
                                     reason: "must be a power of two of at least max(2, N/OUT_LANES) = \(max(2, tile.outputBeats)) "
                                         + "(one whole result), or 0 for the full-rate depth \(Self.fullRateDepth(tile))")
            }
            resultDepth = asked
        }
        map = LinearAXIRegisterMap(tile: tile, resultDepth: resultDepth)
        guard map.addressWidth <= 32 else {
            throw ParameterError(parameter: S.rows.name, value: tile.rows,
                                 reason: "the weight table needs \(map.addressWidth)-bit AXI4-Lite addresses, over 32")
        }
    }

    /// Results reserved at once at full rate: a vector holds its credit from its first beat
    /// (one interval before its last) through the latency and its output beats, plus the FIFO cycle.
    public static func fullRateDepth(_ g: LinearGenerator) -> Int {
        let held = g.interval + g.latency + g.outputBeats + 1
        let vectors = (held + g.interval - 1) / g.interval
        var depth = 2
        while depth < vectors * g.outputBeats { depth <<= 1 }
        return depth
    }

    public func ports(_ p: PortMaker) -> LinearAXIPorts {
        LinearAXIPorts(vectors: p.axiStreamSink("s_axis", dataWidth: map.inputStreamWidth),
                       results: p.axiStreamSource("m_axis", dataWidth: map.outputStreamWidth),
                       control: p.axiLiteSlave("s_axil", addressWidth: map.addressWidth))
    }

    public func build() throws -> ModuleDef { try component().def }

    public func component() throws -> TypedModule<LinearAXIPorts> {
        let m = ModuleBuilder("kllm_linear_axi")
        m.record(values)
        m.doc = "kllm_linear behind AXI4-Stream (vectors in, results out, back-pressure honoured) and AXI4-Lite "
            + "(tables, parameters, status); register map in kllm_linear_axi.h"
        let io = m.ports(ports)
        let t = m.instance(try tile.component(), "tile")
        let fifo = m.instance(try FIFOGenerator(width: tile.outLanes * tile.outputWidth + 1, depth: resultDepth).build(), "results")

        // Input side: beat count, credits, admission.
        let tileAccept = m.node("in_accept", t.inValid & t.inReady)
        let inBeat = m.moduloCounter("in_beat", modulus: tile.beats, advance: tileAccept, atLastName: "in_beat_last")
        let vectorOpen = m.node("vector_open", inBeat.value.map { $0 .!= 0 } ?? HBool(false))
        let firstBeat = m.node("first_beat", tileAccept & !vectorOpen)
        let countWidth = BitVector.minWidth(resultDepth, signed: false)
        let owed = m.reg("owed_beats", .uint(countWidth), reset: 0)
        let used = fifo.output("count", as: HUInt.self)
        // Room for one more result, registered so the admission (and the tile's in_valid)
        // starts at a flip-flop: computed from this cycle's FIFO count and owed beats, plus
        // the result a first beat admits in this cycle. A pop shows a cycle later (room is
        // conservative); a push moves a beat from owed to the FIFO (no change).
        let room = m.reg("room_for_result", .bool, reset: 0)
        let tableWriteWaiting = m.node("table_write_waiting", io.control.awvalid & io.control.wvalid & tableRegion(io.control.awaddr))
        let tableWeQ = m.reg("table_we_q", .bool, reset: 0)
        // Admission: the open vector's beats, or a new vector when a result has room, no
        // table write waited in the previous cycle and none is on the tile's ports. It is a
        // register set from those next values, so the tile's in_valid is tvalid and one
        // flip-flop (the AXI4-Lite decode and the beat count stay off the tile's paths);
        // a table write therefore starts only after it has waited a cycle (`table_write_waited`),
        // when admission is already closed.
        let admit = m.reg("admit", .bool, reset: 0)
        let tableWriteWaited = m.delayed("table_write_waited", tableWriteWaiting, reset: 0)
        t.inValid.assign(io.vectors.tvalid & admit)
        io.vectors.tready.assign(t.inReady & admit)
        t.inData.assign(io.vectors.tdata.bits(t.inData.width - 1, 0))
        let pending = m.node("pending_beats", used + owed)
        let roomNext = m.node("room_next", mux(firstBeat, pending + tile.outputBeats .<= resultDepth - tile.outputBeats,
                                              pending .<= resultDepth - tile.outputBeats))
        room.assign(roomNext)
        let vectorOpenNext = m.node("vector_open_next", mux(tileAccept, !inBeat.atLast, vectorOpen))
        m.when(firstBeat & !t.outValid) {
            owed.assign(owed &+ tile.outputBeats)
        }.elsewhen(!firstBeat & t.outValid) {
            owed.assign(owed &- 1)
        }.elsewhen(firstBeat & t.outValid) {
            owed.assign(owed &+ (tile.outputBeats - 1))
        }
        let framingError = m.reg("framing_error", .bool, reset: 0)

        // Output side: the FIFO holds {tlast, out_y}.
        let outBeat = m.moduloCounter("out_beat", modulus: tile.outputBeats, advance: t.outValid, atLastName: "out_beat_last")
        fifo.input("push", as: HBool.self).assign(t.outValid)
        fifo.input("in_data", as: HUInt.self).assign(cat(outBeat.atLast, t.outY))
        let empty = fifo.output("empty", as: HBool.self)
        let head = fifo.output("out_data", as: HUInt.self)
        io.results.tvalid.assign(!empty)
        io.results.tdata.assign(head.bits(t.outY.width - 1, 0).resized(to: map.outputStreamWidth))
        io.results.tlast.assign(head.bit(t.outY.width))
        fifo.input("pop", as: HBool.self).assign(io.results.tready)
        let inFlight = m.reg("vectors_in_flight", .uint(16), reset: 0)
        let resultDone = m.node("result_done", io.results.transfer & io.results.tlast)
        m.when(firstBeat & !resultDone) { inFlight.assign(inFlight &+ 1) }.elsewhen(!firstBeat & resultDone) { inFlight.assign(inFlight &- 1) }

        // AXI4-Lite.
        // A table write may start: no vector open, no result owed, no entry on the tile's
        // ports, and the write already waited a cycle (admission is closed now).
        let idle = m.node("tile_idle", !vectorOpen & (owed .== 0) & !tableWeQ & tableWriteWaited)
        let tables = writeTables(m, io.control, t, idle: idle, weQ: tableWeQ)
        admit.assign(vectorOpenNext | (roomNext & !tableWriteWaiting & !tables.commit))
        m.when(tileAccept & (io.vectors.tlast .!= inBeat.atLast)) {
            framingError.assign(true)
        }.elsewhen(tables.clearFramingError) {
            framingError.assign(false)
        }
        let status = cat(inFlight, HUInt(0, width: 12), tableWriteWaiting, framingError, vectorOpen, !t.inReady & !vectorOpen)
        readRegisters(m, io.control, status: status)

        m.assertStreamHolds(io.results, "results")
        m.assert(!(t.outValid & fifo.output("full", as: HBool.self)), "the result FIFO never overflows (credits)")
        m.cover(io.results.tvalid & !io.results.tready, "a result waits for tready")
        m.cover(tableWriteWaiting & !idle, "a table write waits for the tile to go idle")
        return try m.build(ports: ports)
    }

    /// 1 when `address` falls in a table region (1...5).
    func tableRegion(_ address: HUInt) -> HBool {
        let region = decode(address).region
        return (region .>= 1) & (region .<= map.tables.count)
    }

    /// An AXI4-Lite byte address as the register map reads it: its region and its 32-bit word in the region.
    func decode(_ address: HUInt) -> (region: HUInt, word: HUInt) {
        (address.bits(map.addressWidth - 1, map.regionBits), address.bits(map.regionBits - 1, 2))
    }

    /// 1 when `address` is the region-0 register `name`.
    func isRegister(_ address: HUInt, _ name: String) -> HBool {
        let (region, word) = decode(address)
        return (region .== 0) & (word .== map.offset(of: name) / 4)
    }
}
