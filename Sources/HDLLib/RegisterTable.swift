import HDL

extension ModuleBuilder {
    /// A table of `count` registers `name_0 ...` written through `port`: entry i
    /// takes `wdata` at an edge where `we` is 1 and `waddr` is i; a write past
    /// the end changes nothing. Every entry is readable at once (compare against
    /// all thresholds, multiply all codebook pairs). With `contract`, the table
    /// states that as properties: an entry holds what was written to it and
    /// changes at no other edge (so a write with `we` low changes nothing).
    public func registerTable<S: HardwareSpec>(_ name: String, count: Int, _ spec: S, writtenBy port: TableWritePort<S.Value>,
                                               contract: Bool = true,
                                               file: StaticString = #fileID, line: UInt = #line) -> Vec<S.Value>
        where S.Value: HardwareNumber {
        let entries = regs(name, count: count, spec, file: file, line: line)
        for i in 0..<count {
            when(port.we & (port.waddr .== i), file: file, line: line) { entries[i].assign(port.wdata, file: file, line: line) }
        }
        if contract { registerTableContract(name, entries: entries.elements, port: port, file: file, line: line) }
        return entries
    }

    private func registerTableContract<T: HardwareNumber>(_ name: String, entries: [T], port: TableWritePort<T>,
                                                          file: StaticString, line: UInt) {
        let wrote = past(port.we, file: file, line: line)
        let address = past(port.waddr, file: file, line: line)
        let data = past(port.wdata, file: file, line: line)
        for (i, entry) in entries.enumerated() {
            let hit = wrote & (address .== i)
            when(hit) { self.assert(entry .== data, "\(name)[\(i)] holds the data written to address \(i)", file: file, line: line) }
            when(!hit) {
                self.assert(entry .== self.past(entry, file: file, line: line), "\(name)[\(i)] changes only when address \(i) is written",
                            file: file, line: line)
            }
        }
    }
}
