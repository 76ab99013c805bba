import HDL

/// The receiving side of an AXI4-Stream (`<name>_tdata`, `_tvalid`, `_tready`, `_tlast`):
/// a transfer happens at an edge where tvalid and tready are both 1.
public struct AXIStreamSink {
    public let tdata: HUInt
    public let tvalid: HBool
    public let tready: HBool
    public let tlast: HBool

    /// 1 when a transfer happens at the next edge.
    public var transfer: HBool { tvalid & tready }
}

/// The sending side of an AXI4-Stream: once tvalid is 1 it stays 1, with tdata and
/// tlast unchanged, until a transfer; tvalid never waits for tready.
public struct AXIStreamSource {
    public let tdata: HUInt
    public let tvalid: HBool
    public let tready: HBool
    public let tlast: HBool

    /// 1 when a transfer happens at the next edge.
    public var transfer: HBool { tvalid & tready }
}

/// An AXI4-Lite slave port with 32-bit data: write address, write data, write
/// response, read address and read data channels (`<name>_awaddr` ... `<name>_rready`;
/// no AxPROT: the slave treats every access alike).
public struct AXILiteSlave {
    public let awaddr: HUInt, awvalid: HBool, awready: HBool
    public let wdata: HUInt, wstrb: HUInt, wvalid: HBool, wready: HBool
    public let bresp: HUInt, bvalid: HBool, bready: HBool
    public let araddr: HUInt, arvalid: HBool, arready: HBool
    public let rdata: HUInt, rresp: HUInt, rvalid: HBool, rready: HBool

    /// AXI response codes.
    public static let okay = 0, slaveError = 2
}

extension PortMaker {
    /// An AXI4-Stream input `name` (tdata of `dataWidth` bits, a multiple of 8 as AXI asks).
    public func axiStreamSink(_ name: String, dataWidth: Int, file: StaticString = #fileID, line: UInt = #line) -> AXIStreamSink {
        let p = prefixed(name)
        return AXIStreamSink(tdata: p.input("tdata", .uint(dataWidth), file: file, line: line),
                             tvalid: p.input("tvalid", .bool, file: file, line: line),
                             tready: p.output("tready", .bool, file: file, line: line),
                             tlast: p.input("tlast", .bool, file: file, line: line))
    }

    /// An AXI4-Stream output `name`.
    public func axiStreamSource(_ name: String, dataWidth: Int, file: StaticString = #fileID, line: UInt = #line) -> AXIStreamSource {
        let p = prefixed(name)
        return AXIStreamSource(tdata: p.output("tdata", .uint(dataWidth), file: file, line: line),
                               tvalid: p.output("tvalid", .bool, file: file, line: line),
                               tready: p.input("tready", .bool, file: file, line: line),
                               tlast: p.output("tlast", .bool, file: file, line: line))
    }

    /// An AXI4-Lite slave `name` with `addressWidth`-bit byte addresses and 32-bit data.
    public func axiLiteSlave(_ name: String, addressWidth: Int, file: StaticString = #fileID, line: UInt = #line) -> AXILiteSlave {
        let p = prefixed(name)
        return AXILiteSlave(
            awaddr: p.input("awaddr", .uint(addressWidth), file: file, line: line), awvalid: p.input("awvalid", .bool, file: file, line: line),
            awready: p.output("awready", .bool, file: file, line: line),
            wdata: p.input("wdata", .uint(32), file: file, line: line), wstrb: p.input("wstrb", .uint(4), file: file, line: line),
            wvalid: p.input("wvalid", .bool, file: file, line: line), wready: p.output("wready", .bool, file: file, line: line),
            bresp: p.output("bresp", .uint(2), file: file, line: line), bvalid: p.output("bvalid", .bool, file: file, line: line),
            bready: p.input("bready", .bool, file: file, line: line),
            araddr: p.input("araddr", .uint(addressWidth), file: file, line: line), arvalid: p.input("arvalid", .bool, file: file, line: line),
            arready: p.output("arready", .bool, file: file, line: line),
            rdata: p.output("rdata", .uint(32), file: file, line: line), rresp: p.output("rresp", .uint(2), file: file, line: line),
            rvalid: p.output("rvalid", .bool, file: file, line: line), rready: p.input("rready", .bool, file: file, line: line))
    }
}

extension ModuleBuilder {
    /// AXI4-Stream's source rule as assertions: a pending transfer (tvalid and not tready)
    /// keeps tvalid, tdata and tlast until it happens.
    public func assertStreamHolds(_ s: AXIStreamSource, _ what: String, file: StaticString = #fileID, line: UInt = #line) {
        let waiting = past(s.tvalid & !s.tready, file: file, line: line) & outOfReset(1, file: file, line: line)
        when(waiting, file: file, line: line) {
            assert(s.tvalid, "\(what): tvalid stays 1 until the transfer (AXI4-Stream)", file: file, line: line)
            assert((s.tdata .== past(s.tdata, file: file, line: line)) & (s.tlast .== past(s.tlast, file: file, line: line)),
                   "\(what): tdata and tlast hold while tvalid is 1 and tready 0 (AXI4-Stream)", file: file, line: line)
        }
    }
}
