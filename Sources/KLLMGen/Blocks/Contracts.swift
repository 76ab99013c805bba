import HDL

/// The SPEC's block contract (§0: valid pulses, latency, table ports) stated
/// as properties of a generated block, so both simulators check it on every
/// test and `make formal` proves it. They add nothing to the synthesizable RTL.
enum Contract {
    /// `out_valid` is 1 exactly `latency` edges after each accepted transaction
    /// (`accepted`: `in_valid`, or the accepted last beat of a vector) and at no
    /// other time: one pulse per transaction, none without one, none from a
    /// transaction that a reset cut off. With `exact` false (results leave in
    /// several beats) the first beat (`firstBeat`: out_valid with row 0) is
    /// pinned instead and no beat leaves within `latency` cycles of a reset.
    static func latency(_ m: ModuleBuilder, accepted: HBool, outValid: HBool, latency: Int, firstBeat: HBool? = nil,
                        file: StaticString = #fileID, line: UInt = #line) {
        let settled = m.outOfReset(latency, file: file, line: line)
        let due = m.past(accepted, latency, file: file, line: line) & settled
        if let firstBeat {
            m.assert(firstBeat .== due, "a result's first beat leaves exactly \(latency) cycles after its accepted last beat",
                     file: file, line: line)
            m.assert(settled | !outValid, "no result within \(latency) cycles of a reset", file: file, line: line)
        } else {
            m.assert(outValid .== due, "out_valid is 1 exactly \(latency) cycles after an accepted transaction", file: file, line: line)
        }
        m.cover(outValid, "a result leaves", file: file, line: line)
    }

    /// SPEC §0's rule for table ports, assumed of the environment: a table is written
    /// only while the block is idle (no vector open, no result in flight) and never
    /// in the cycle of an accepted beat.
    /// Returns 1 while a vector is open (a beat accepted, its last beat not yet).
    @discardableResult
    static func tablesWrittenWhenIdle(_ m: ModuleBuilder, we: HBool, accepted: HBool, acceptedLast: HBool, latency: Int,
                                      file: StaticString = #fileID, line: UInt = #line) -> HBool {
        let open = m.propertyReg("vector_open", .bool, reset: 0, file: file, line: line)
        m.when(accepted, file: file, line: line) { open.assign(!acceptedLast, file: file, line: line) }
        var busy = open | accepted
        for age in 1..<max(latency, 1) {
            // A last beat `age` cycles ago keeps its result in flight unless a reset has dropped it since.
            busy = busy | (m.past(acceptedLast, age, file: file, line: line) & m.outOfReset(age, file: file, line: line))
        }
        m.assume(!we | !busy, "tables are written only while the block is idle (SPEC 0)", file: file, line: line)
        return open
    }

    /// A result that leaves in several beats: `row` (the first row of a beat) starts
    /// at 0 and each beat follows the previous one in the next cycle, `rowsPerBeat`
    /// rows further on, until the beat holding the last row.
    static func beats(_ m: ModuleBuilder, outValid: HBool, row: HUInt, rowsPerBeat: Int, rows: Int,
                      file: StaticString = #fileID, line: UInt = #line) {
        let before = m.past(row, file: file, line: line)
        let more = m.past(outValid, file: file, line: line) & (before .!= rows - rowsPerBeat) & m.outOfReset(1, file: file, line: line)
        m.when(more) {
            m.assert(outValid & (row .== before &+ rowsPerBeat), "a result's beats follow each other, \(rowsPerBeat) rows apart",
                     file: file, line: line)
        }
        m.when(outValid & !m.past(outValid, file: file, line: line)) {
            m.assert(row .== 0, "a result's first beat starts at row 0", file: file, line: line)
        }
    }

    /// SPEC §1's framing rule as an assumption: every dot product starts with a
    /// beat carrying `in_first` and ends with one carrying `in_last` (a stream that
    /// breaks it has undefined results), so an accepted beat carries `in_first`
    /// exactly when it follows reset or a last beat.
    /// Returns 1 when the next accepted beat must carry `in_first`.
    @discardableResult
    static func framedStream(_ m: ModuleBuilder, accepted: HBool, first: HBool, last: HBool,
                             file: StaticString = #fileID, line: UInt = #line) -> HBool {
        let expectFirst = m.propertyReg("ref_expect_first", .bool, reset: 1, file: file, line: line)
        m.when(accepted) {
            m.assume(first .== expectFirst, "in_first marks exactly the first beat of each dot product (SPEC 1)", file: file, line: line)
            expectFirst.assign(last)
        }
        return expectFirst
    }
}
