import HDL

/// A table's write port, SPEC style: `<name>_we`, `<name>_waddr`, `<name>_wdata`,
/// all inputs of the block that owns the table (a parent drives them). At an
/// edge where `we` is 1, entry `waddr` takes `wdata`; address and data are
/// ignored while `we` is 0.
public struct TableWritePort<Data: Hardware> {
    public let we: HBool
    public let waddr: HUInt
    public let wdata: Data

    /// Drives every field of this port from `other` (a parent feeding a child's table).
    public func assign(_ other: TableWritePort<Data>, file: StaticString = #fileID, line: UInt = #line) {
        we.assign(other.we, file: file, line: line)
        waddr.assign(other.waddr, file: file, line: line)
        wdata.assign(other.wdata, file: file, line: line)
    }
}

/// The receiving side of a framed valid/ready stream, SPEC style: `<name>_valid`
/// in, `<name>_ready` out, `<name>_first` and `<name>_last` in (a transaction's
/// first and last beat). A beat is accepted at an edge where valid and ready
/// are both 1; the payload ports are the block's own.
public struct StreamSink {
    public let valid: HBool
    public let ready: HBool
    public let first: HBool
    public let last: HBool

    /// 1 when a beat is accepted at the next edge.
    public var accepted: HBool { valid & ready }
}

extension PortMaker {
    /// The write port of table `name`: `name_we`, `name_waddr` (`addressWidth` bits), `name_wdata` of shape `data`.
    public func tableWrite<S: HardwareSpec>(_ name: String, addressWidth: Int, data: S,
                                            file: StaticString = #fileID, line: UInt = #line) -> TableWritePort<S.Value> {
        let p = prefixed(name)
        return TableWritePort(we: p.input("we", .bool, file: file, line: line),
                              waddr: p.input("waddr", .uint(addressWidth), file: file, line: line),
                              wdata: p.input("wdata", data, file: file, line: line))
    }

    /// The receiving side of stream `name`, in port order valid, ready, first, last.
    public func streamSink(_ name: String, file: StaticString = #fileID, line: UInt = #line) -> StreamSink {
        let p = prefixed(name)
        return StreamSink(valid: p.input("valid", .bool, file: file, line: line), ready: p.output("ready", .bool, file: file, line: line),
                          first: p.input("first", .bool, file: file, line: line), last: p.input("last", .bool, file: file, line: line))
    }
}
