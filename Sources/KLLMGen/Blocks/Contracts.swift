import HDL

/// The SPEC's block contract (§0: valid pulses, latency, table ports) stated
/// as properties of a generated block, so both simulators check it on every
/// test and `make formal` proves it. They add nothing to the synthesizable RTL.
enum Contract {
    /// `out_valid` is 1 exactly `latency` edges after each accepted transaction
    /// (`accepted`: `in_valid`, or the accepted last beat of a vector) and at no
    /// other time: one pulse per transaction, none without one, none from a
    /// transaction that a reset cut off. With `exact` false (results leave in
    /// several beats) the first beat is pinned and no beat leaves within
    /// `latency` cycles of a reset.
    static func latency(_ m: ModuleBuilder, accepted: HBool, outValid: HBool, latency: Int, exact: Bool = true,
                        file: StaticString = #fileID, line: UInt = #line) {
        let settled = m.outOfReset(latency, file: file, line: line)
        let due = m.past(accepted, latency, file: file, line: line) & settled
        if exact {
            m.assert(outValid .== due, "out_valid is 1 exactly \(latency) cycles after an accepted transaction", file: file, line: line)
        } else {
            m.assert(!due | outValid, "a result starts \(latency) cycles after its accepted last beat", file: file, line: line)
            m.assert(settled | !outValid, "no result within \(latency) cycles of a reset", file: file, line: line)
        }
        m.cover(outValid, "a result leaves", file: file, line: line)
    }

    /// A table of registers behind a write port: entry i takes `wdata` at the
    /// edge where `we` is 1 and `waddr` is i, and changes at no other edge
    /// (so a write with `we` low, or past the table's end, changes nothing).
    static func registerTable<T: HardwareNumber>(_ m: ModuleBuilder, _ name: String, entries: [T], we: HBool, waddr: HUInt, wdata: T,
                                                 file: StaticString = #fileID, line: UInt = #line) {
        let wrote = m.past(we, file: file, line: line)
        let address = m.past(waddr, file: file, line: line)
        let data = m.past(wdata, file: file, line: line)
        for (i, entry) in entries.enumerated() {
            let hit = wrote & (address .== i)
            m.when(hit) { m.assert(entry .== data, "\(name)[\(i)] holds the data written to address \(i)", file: file, line: line) }
            m.when(!hit) {
                m.assert(entry .== m.past(entry, file: file, line: line), "\(name)[\(i)] changes only when address \(i) is written",
                         file: file, line: line)
            }
        }
    }
}
