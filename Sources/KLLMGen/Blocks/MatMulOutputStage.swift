import HDL
import HDLLib

/// The result ports of the ROWS x COLS arrays: `out_valid`, `out_acc` and, when
/// a result takes more than one beat, `out_row`.
public struct MatMulOutputs {
    public let outValid: HBool
    public let outAcc: HUInt
    public let outRow: HUInt?

    /// Declares (or binds) them for OUT_ROWS rows of COLS accumulators per beat.
    static func ports(_ p: PortMaker, rows: Int, cols: Int, outRows: Int, accWidth: Int) -> MatMulOutputs {
        MatMulOutputs(outValid: p.output("out_valid", .bool), outAcc: p.output("out_acc", .uint(outRows * cols * accWidth)),
                      outRow: outRows == rows ? nil : p.output("out_row", .uint(BitVector.addressWidth(entries: rows))))
    }
}

/// The output stage of the ROWS x COLS arrays (index MatMul and its MAC-array
/// baselines): with OUT_ROWS = ROWS the accumulators are the output (one pulse);
/// otherwise a shift buffer sends OUT_ROWS rows per cycle.
struct MatMulOutputStage {
    let rows: Int, cols: Int, outRows: Int, accWidth: Int
    /// Edges from accepting a last beat to the edge that produces its result.
    let resultDelay: Int

    /// Width of `out_row` (ceil(log2(ROWS))).
    var outRowWidth: Int { BitVector.addressWidth(entries: rows) }

    /// `acceptedLast`: 1 when a vector's last beat is accepted (for the latency contract).
    func emit(_ m: ModuleBuilder, _ out: MatMulOutputs, inReady: HBool, _ r: MatMulResult, acceptedLast: HBool) {
        let (outValid, outAcc) = (out.outValid, out.outAcc)
        let groups = rows / outRows
        guard groups > 1, let outRow = out.outRow else {
            outValid.assign(m.delayed("out_valid_q", r.done, reset: 0))
            outAcc.assign(Vec(r.accumulators.map(\.asUInt)).flattened())
            inReady.assign(r.datapathReady)
            Contract.latency(m, accepted: acceptedLast, outValid: outValid, latency: resultDelay + 1)
            return
        }
        let perGroup = outRows * cols
        // busy = output beats still to send, counting the one shown this cycle.
        let busyWidth = BitVector.minWidth(groups, signed: false)
        let busy = m.reg("out_busy", .uint(busyWidth), reset: 0)
        let rowQ = m.reg("out_row_q", .uint(outRowWidth), reset: 0)
        let buffer = (0..<(rows * cols)).map { m.reg("out_buf_\($0 / cols)_\($0 % cols)", .sint(accWidth)) }
        m.when(r.done) {
            busy.assign(groups)
            rowQ.assign(0)
            for (i, b) in buffer.enumerated() { b.assign(r.values[i]) }
        }.elsewhen(busy .!= 0) {
            busy.assign(busy &- 1)
            rowQ.assign(rowQ &+ outRows)
            for i in 0..<(rows * cols) {
                if i + perGroup < rows * cols { buffer[i].assign(buffer[i + perGroup]) }
            }
        }
        outValid.assign(busy .!= 0)
        outRow.assign(rowQ)
        Contract.latency(m, accepted: acceptedLast, outValid: outValid, latency: resultDelay + 1, firstBeat: outValid & (outRow .== 0))
        Contract.beats(m, outValid: outValid, row: outRow, rowsPerBeat: outRows, rows: rows)
        m.assert((busy .== 0) | ((rowQ + busy * outRows) .== rows), "the beats still to send end at the last row (invariant)")
        outAcc.assign(Vec(buffer.prefix(perGroup).map(\.asUInt)).flattened())
        // A last beat accepted now produces its result `resultDelay` edges later;
        // the buffer must be down to its final beat by then.
        let drainsInTime = busy .<= (resultDelay + 1)
        inReady.assign(r.datapathReady & !r.pending & drainsInTime)
    }
}
