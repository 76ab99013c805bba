import HDL

/// The accumulator of every PE of the ROWS x COLS arrays (each index MatMul
/// micro-architecture and the MAC-array baselines), so that the designs compared
/// in area differ only in how they produce a term per PE and beat.
///
///     acc <= restart ? term : acc + term      (wrapping, ACC_W bits)
///
/// The register loads every cycle: the datapath hands a zero term on a cycle
/// without a beat (it gates its stage-1 register with the beat's acceptance), so
/// an idle cycle holds the sum without a load-enable multiplexer. `restart` (the
/// beat carried `in_first`) selects at the adder's output, where its fan-out
/// buffering runs beside the carry chain instead of before it.
struct MatMulAccumulators {
    let cols: Int, accWidth: Int

    /// Accumulates `terms` (row-major) and returns the next value of every
    /// accumulator (the finished result at the edge that takes the last term) and
    /// the accumulators themselves.
    func emit(_ m: ModuleBuilder, terms: [HSInt], restart: HBool) -> (values: [HSInt], accumulators: [HSInt]) {
        var values: [HSInt] = [], accumulators: [HSInt] = []
        for (i, term) in terms.enumerated() {
            let name = "\(i / cols)_\(i % cols)"
            let acc = m.reg("acc_\(name)", .sint(accWidth))
            let addend = term.resized(to: accWidth)
            let next = m.node("acc_next_\(name)", mux(restart, addend, acc &+ addend))
            acc.assign(next)
            values.append(next)
            accumulators.append(acc)
        }
        return (values, accumulators)
    }

    /// `value` when the beat is taken, zero otherwise: the input of a stage-1 term register.
    static func gated(_ take: HBool, _ value: HSInt) -> HSInt { mux(take, value, HSInt(0, width: value.width)) }
}
