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

/// The stage-1 control of the arrays (every index MatMul micro-architecture with a
/// term register, and the baselines): the taken beat one cycle later (reset), its
/// `in_first` (restart the sums) and its `in_last`; a result is done when the last
/// beat's terms reach the accumulators.
struct MatMulStageOne {
    let valid: HBool, restart: HBool, last: HBool

    /// `take`: a beat enters stage 1; `accept`: a beat is offered and `last` may be latched.
    init(_ m: ModuleBuilder, take: HBool, accept: HBool, first: HBool, last: HBool) {
        valid = m.delayed("s1_valid", take, reset: 0)
        restart = m.delayed("s1_restart", take & first)
        self.last = m.delayed("s1_last", last, enable: accept)
    }

    /// The accumulate stage's result: done (and pending) on the edge that adds the last beat's terms.
    func result(_ m: ModuleBuilder, values: [HSInt], accumulators: [HSInt]) -> MatMulResult {
        let done = m.node("done", valid & last)
        return MatMulResult(done: done, values: values, accumulators: accumulators, pending: done, datapathReady: HBool(true))
    }
}
