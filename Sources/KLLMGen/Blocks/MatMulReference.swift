import HDL

/// A reference model of the index MatMul's data, in properties only (emitted inside
/// `ifdef FORMAL`): for every PE (r, c) the sum of T[w_idx[r]][a_idx[c]] over the
/// taken beats of the current dot product, T read at each beat by plain indexing
/// of the micro-architecture's own table (`entryAt`, independent of its select
/// logic). A micro-architecture states its invariant against these sums, so the
/// proof of `finished` holds for all time (k-induction), not just to a depth.
struct MatMulReference {
    /// Each PE's reference sum (row-major), wrapped to ACC_W bits.
    let sums: [HSInt]
    /// 1 once a beat carrying `in_first` has been taken since reset (the sums mean something).
    let started: HBool

    /// Whether an array states the reference and its invariant: a proof aid, so only at
    /// the sizes `make formal` proves (each PE reads the whole table through a
    /// multiplexer; at larger sizes the simulations' golden model checks the sums).
    static func stated(rows: Int, cols: Int, pairs: Int) -> Bool { rows * cols * pairs <= 1024 }

    /// `take`: a beat enters the array at the next edge; `entryAt(p)`: T at pair address
    /// p = {w, a} (weight index in the high bits), as the table holds it now.
    init(_ m: ModuleBuilder, rows: Int, cols: Int, accWidth: Int, w: [HUInt], a: [HUInt], take: HBool, first: HBool,
         entryAt: (HUInt) -> HSInt) {
        let started = m.propertyReg("ref_started", .bool, reset: 0)
        m.when(take & first) { started.assign(true) }
        var sums: [HSInt] = []
        for r in 0..<rows {
            for c in 0..<cols {
                let sum = m.propertyReg("ref_sum_\(r)_\(c)", .sint(accWidth), reset: 0)
                let entry = entryAt(cat(w[r], a[c])).resized(to: accWidth)
                m.when(take) { sum.assign(mux(first, HSInt(0, width: accWidth), sum) &+ entry) }
                sums.append(sum)
            }
        }
        self.sums = sums
        self.started = started
    }

    /// The SPEC §1 result: each value the array finishes at `done` (what the output
    /// stage sends) is its PE's reference sum.
    func checkFinished(_ m: ModuleBuilder, _ result: MatMulResult) {
        for (value, sum) in zip(result.values, sums) {
            m.when(result.done & started) {
                m.assert(value .== sum, "a finished sum is the sum of T[w][a] over its dot product's beats (SPEC 1)")
            }
        }
    }
}
