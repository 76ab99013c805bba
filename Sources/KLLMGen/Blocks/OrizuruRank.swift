import HDL
import HDLLib

/// `ARCH=rank`: both stages of Orizuru as shallow rank-and-select logic instead of
/// networks of compare-swaps in series, for fabrics where a chain of comparator
/// stages is slow (FPGA LUTs and routing). Every comparison happens at once; each
/// output slot is then an AND-OR over the candidates that can land in it.
extension OrizuruGenerator {
    /// Stage 1 by ranking: every lane pair a < b is compared both ways at once
    /// (`pair_a_b_ge`: x_a >= x_b, `pair_a_b_le`: x_a <= x_b; two comparators, no
    /// equality test). A lane's rank in the "largest first" order is the number of
    /// lanes before it: the lower lanes with a value >= its own and the higher lanes
    /// with a larger one (ties go to the lower lane, the lower position); "smallest
    /// first" likewise. The ranks are a permutation of 0 ..< LANES, so slot r is the
    /// AND-OR of the lanes over the one-hot lines rank == r. Depth: one comparator,
    /// a popcount of LANES - 1 bits (gates, `popcountGates`: on an FPGA a few LUT
    /// levels instead of carry chains in series), one equality, one AND-OR; LANES·(LANES-1)
    /// comparators, so it suits a few lanes.
    ///
    /// With STAGES = 2 the one-hot rank lines, the beat's values and positions and
    /// its handshake bits are registered (free-running; the valid bit resets) before
    /// the AND-OR: latency 3, the comparators and popcounts in one cycle, the wide
    /// selects (each line fans out to every bit of an entry) in the next. STAGES 3
    /// and 4 add the merge's look-ahead (`lookAheadMerge`); STAGES = 5 also registers
    /// the comparisons (`cut0_*`) before the popcounts: latency 6.
    func rankSort(_ m: ModuleBuilder, _ x: [HSInt], base: HUInt, valid: HBool, last: HBool, keep: Int)
        -> (max: [RankedEntry], min: [RankedEntry], valid: HBool, last: HBool) {
        var beat = (0..<lanes).map { i in RankedEntry(valid: HBool(true), value: x[i], position: m.node("pos_\(i)", base &+ i)) }
        // before[i]: one bit per other lane, 1 when that lane ranks before lane i.
        var beforeMax = Array(repeating: [HBool](), count: lanes), beforeMin = beforeMax
        for a in 0..<lanes {
            for b in (a + 1)..<lanes {
                let ge = m.node("pair_\(a)_\(b)_ge", x[a] .>= x[b])
                let le = m.node("pair_\(a)_\(b)_le", x[a] .<= x[b])
                beforeMax[b].append(ge)
                beforeMax[a].append(!ge)
                beforeMin[b].append(le)
                beforeMin[a].append(!le)
            }
        }
        var handshake = (valid: valid, last: last)
        // STAGES = 5 registers the comparisons, the beat and its handshake bits before the popcounts.
        if stages >= 5 {
            func cut(_ order: String, _ before: [[HBool]]) -> [[HBool]] {
                before.enumerated().map { i, bits in
                    guard !bits.isEmpty else { return [] }   // one lane: nothing before it
                    let word = m.delayed("cut0_\(order)_before_\(i)", Vec(bits.map(\.asUInt)).flattened())
                    return bits.indices.map { word.bit($0) }
                }
            }
            (beforeMax, beforeMin) = (cut("max", beforeMax), cut("min", beforeMin))
            beat = beat.enumerated().map { i, e in
                RankedEntry(valid: e.valid, value: m.delayed("cut0_x_\(i)", e.value), position: m.delayed("cut0_pos_\(i)", e.position))
            }
            handshake = (m.delayed("cut0_valid", valid, reset: 0), m.delayed("cut0_last", last))
        }
        /// Slot r's one-hot line word: bit i is 1 when lane i has rank r.
        func lines(_ order: String, _ before: [[HBool]]) -> [HUInt] {
            let rank = before.enumerated().map { i, bits in m.node("\(order)_rank_\(i)", popcountGates(bits)) }
            return (0..<keep).map { r in m.node("\(order)_at_\(r)", Vec(rank.map { ($0 .== r).asUInt }).flattened()) }
        }
        var at = (max: lines("max", beforeMax), min: lines("min", beforeMin))
        if stages >= 2 {
            at = (at.max.enumerated().map { m.delayed("cut1_max_at_\($0.offset)", $0.element) },
                  at.min.enumerated().map { m.delayed("cut1_min_at_\($0.offset)", $0.element) })
            beat = beat.enumerated().map { i, e in
                RankedEntry(valid: e.valid, value: m.delayed("cut1_x_\(i)", e.value), position: m.delayed("cut1_pos_\(i)", e.position))
            }
            handshake = (m.delayed("cut1_valid", handshake.valid, reset: 0), m.delayed("cut1_last", handshake.last))
        }
        func slots(_ order: String, _ words: [HUInt]) -> [RankedEntry] {
            words.enumerated().map { r, word in
                OrizuruGenerator.select(m, "\(order)_beat_sel_\(r)", (0..<lanes).map { word.bit($0) }, beat, alwaysFound: true)
            }
        }
        return (slots("max", at.max), slots("min", at.min), handshake.valid, handshake.last)
    }

    /// Where a merged slot's candidate comes from: the running list A or the beat's list B.
    enum MergeSource {
        case running(Int)
        case incoming(Int)

        /// What this source names among the running list's and the beat's items.
        func pick<T>(running: [T], incoming: [T]) -> T {
            switch self {
            case .running(let i): return running[i]
            case .incoming(let k): return incoming[k]
            }
        }
    }

    /// x wins against y by value: >= in the "largest first" order, <= in the other.
    static func wins(_ x: HSInt, _ y: HSInt, larger: Bool) -> HBool { larger ? x .>= y : x .<= y }

    /// A_i ranks before B_k: A wins ties (it holds the lower positions); an empty
    /// entry ranks after every found one, and of two empty ones A's first.
    static func ranksBefore(_ a: RankedEntry, _ b: RankedEntry, wins: HBool) -> HBool {
        (a.valid & (!b.valid | wins)) | (!a.valid & !b.valid)
    }

    /// Stage 2 by ranking: the running list A (TOPK entries) and the beat's list B,
    /// both ranked, found entries first, every A position below every B position.
    /// `first[i][k]` is 1 when A_i ranks before B_k. It falls along A and rises along
    /// B, so A_i lands in merged slot j exactly when j - i entries of B rank before it:
    /// the comparisons with B_{j-i-1} and B_{j-i} decide it; B_k likewise. Slot j
    /// takes one of at most 2(j + 1) candidates, each with a one-hot line (named
    /// `\(order)_merge_take_<j>`).
    func rankMergePlan(_ m: ModuleBuilder, _ order: String, first: [[HBool]], running: Int, incoming: Int)
        -> [(lines: [HBool], sources: [MergeSource])] {
        /// The AND of the conditions that apply (nil: always true).
        func both(_ p: HBool?, _ q: HBool?) -> HBool {
            switch (p, q) {
            case let (p?, q?): return p & q
            case let (p?, nil): return p
            case let (nil, q?): return q
            case (nil, nil): return HBool(true)
            }
        }
        return (0..<topK).map { j in
            var lines: [HBool] = [], sources: [MergeSource] = []
            for i in 0..<running where j - i >= 0 && j - i <= incoming {
                // B_{j-i-1} ranks before A_i, and A_i before B_{j-i} (each true past the list's end).
                lines.append(both(j - i - 1 < 0 ? nil : !first[i][j - i - 1], j - i >= incoming ? nil : first[i][j - i]))
                sources.append(.running(i))
            }
            for k in 0..<incoming where j - k >= 0 && j - k <= running {
                // A_{j-k-1} ranks before B_k, and B_k before A_{j-k}.
                lines.append(both(j - k - 1 < 0 ? nil : first[j - k - 1][k], j - k >= running ? nil : !first[j - k][k]))
                sources.append(.incoming(k))
            }
            return (OrizuruGenerator.namedLines(m, "\(order)_merge_take_\(j)", lines), sources)
        }
    }

    /// The merge with its comparisons in the same cycle (`\(order)_merge_a<i>_b<k>`).
    /// Depth: one comparator, two gates, one AND-OR.
    func rankMerge(_ m: ModuleBuilder, _ order: String, running a: [RankedEntry], incoming b: [RankedEntry], larger: Bool) -> [RankedEntry] {
        let first: [[HBool]] = a.indices.map { i in
            b.indices.map { k in
                m.node("\(order)_merge_a\(i)_b\(k)", Self.ranksBefore(a[i], b[k], wins: Self.wins(a[i].value, b[k].value, larger: larger)))
            }
        }
        return rankMergePlan(m, order, first: first, running: a.count, incoming: b.count).enumerated().map { j, slot in
            OrizuruGenerator.select(m, "\(order)_merge_\(j)", slot.lines, slot.sources.map { $0.pick(running: a, incoming: b) })
        }
    }

    /// STAGES 3 and 4: the merge with its comparisons made ahead, so the loop through
    /// the running list holds no comparator. `\(order)_ahead_<i>_<k>` is a register
    /// holding "A_i's value wins against B_k's" (>= for max, <= for min) for the
    /// running list and the beat being merged (asserted for every found A_i; an empty
    /// entry's value is whatever its slot last held). In the cycle before, the beat
    /// merged next (`ahead[0]`) is compared with every running entry and every entry
    /// of the beat being merged; each merged slot's comparisons are then selected by
    /// the same one-hot lines as its entry (one bit each), or kept as "running vs
    /// next" when no beat is merged. Loop depth: two gates, one AND-OR (plus its
    /// fan-out); the comparator sits in front of it, on the running list's register.
    ///
    /// With `ahead[1]` (STAGES 4) "running vs next" is itself made a cycle earlier
    /// (`\(order)_pre_*`): the running list and the beat being merged against the
    /// beat after next, and the beat next against it, registered with the merge's
    /// lines; the running entries' comparisons are then selected by those lines as
    /// their entries were. No comparator follows a register the loop writes.
    func lookAheadMerge(_ m: ModuleBuilder, _ order: String, running a: [RankedEntry], incoming b: [RankedEntry],
                        ahead beyond: [[RankedEntry]], merging: HBool, larger: Bool) -> [RankedEntry] {
        func wins(_ x: HSInt, _ y: HSInt) -> HBool { Self.wins(x, y, larger: larger) }
        let next = beyond[0]
        let ahead = a.indices.map { i in b.indices.map { k in m.reg("\(order)_ahead_\(i)_\(k)", .bool) } }
        for i in a.indices {
            for k in b.indices {
                m.assert(!a[i].valid | (ahead[i][k] .== wins(a[i].value, b[k].value)),
                         "\(order)_ahead_\(i)_\(k) holds the comparison of running entry \(i) (when found) with beat entry \(k)")
            }
        }
        let first: [[HBool]] = a.indices.map { i in
            b.indices.map { k in m.node("\(order)_merge_a\(i)_b\(k)", Self.ranksBefore(a[i], b[k], wins: ahead[i][k])) }
        }
        let plan = rankMergePlan(m, order, first: first, running: a.count, incoming: b.count)
        /// Slot `slot`'s bit from the candidates' bits, by its one-hot lines.
        func selected(_ lines: [HBool], _ sources: [MergeSource], running: [HBool], incoming: [HBool]) -> HBool {
            balancedTree(zip(lines, sources).map { $0 & $1.pick(running: running, incoming: incoming) }, |)
        }
        let runningVsNext: [[HBool]], beatVsNext: [[HBool]]
        if beyond.count > 1 {
            let later = beyond[1]
            let pre = (running: a.indices.map { i in later.indices.map { k in m.delayed("\(order)_pre_run\(i)_b\(k)", wins(a[i].value, later[k].value)) } },
                       incoming: b.indices.map { l in later.indices.map { k in m.delayed("\(order)_pre_beat\(l)_b\(k)", wins(b[l].value, later[k].value)) } },
                       lines: plan.enumerated().map { j, slot in
                           let word = m.delayed("\(order)_pre_take_\(j)", Vec(slot.lines.map(\.asUInt)).flattened())
                           return slot.lines.indices.map { word.bit($0) }
                       },
                       merging: m.delayed("\(order)_pre_merging", merging))
            runningVsNext = a.indices.map { i in
                next.indices.map { k in
                    m.node("\(order)_next_run\(i)_b\(k)",
                           mux(pre.merging, selected(pre.lines[i], plan[i].sources, running: pre.running.map { $0[k] }, incoming: pre.incoming.map { $0[k] }),
                               pre.running[i][k]))
                }
            }
            beatVsNext = b.indices.map { l in next.indices.map { k in m.delayed("\(order)_next_beat\(l)_b\(k)", wins(next[l].value, later[k].value)) } }
            for i in a.indices {
                for k in next.indices {
                    m.assert(!a[i].valid | (runningVsNext[i][k] .== wins(a[i].value, next[k].value)),
                             "\(order)_next_run\(i)_b\(k) is the comparison of running entry \(i) (when found) with next beat entry \(k)")
                }
            }
        } else {
            runningVsNext = a.indices.map { i in next.indices.map { k in m.node("\(order)_next_run\(i)_b\(k)", wins(a[i].value, next[k].value)) } }
            beatVsNext = b.indices.map { l in next.indices.map { k in m.node("\(order)_next_beat\(l)_b\(k)", wins(b[l].value, next[k].value)) } }
        }
        return plan.enumerated().map { j, slot in
            for k in next.indices {
                let bit = selected(slot.lines, slot.sources, running: runningVsNext.map { $0[k] }, incoming: beatVsNext.map { $0[k] })
                ahead[j][k].assign(mux(merging, bit, runningVsNext[j][k]))
            }
            return OrizuruGenerator.select(m, "\(order)_merge_\(j)", slot.lines, slot.sources.map { $0.pick(running: a, incoming: b) })
        }
    }

    /// The lines as one named word (bit i = line i), so a waveform shows every selection.
    static func namedLines(_ m: ModuleBuilder, _ name: String, _ lines: [HBool]) -> [HBool] {
        let word = m.node(name, Vec(lines.map(\.asUInt)).flattened())
        return lines.indices.map { word.bit($0) }
    }

    /// The entry whose line is 1 (lines one-hot), as named AND-OR wires (balanced
    /// OR trees). `alwaysFound`: every candidate holds an element, so the slot does too.
    static func select(_ m: ModuleBuilder, _ name: String, _ lines: [HBool], _ entries: [RankedEntry],
                       alwaysFound: Bool = false) -> RankedEntry {
        let valid = alwaysFound ? HBool(true) : m.node("\(name)_valid", balancedTree(zip(lines, entries).map { $0 & $1.valid }, |))
        return RankedEntry(valid: valid,
                           value: m.node("\(name)_val", OneHotSelect.select(lines, entries.map(\.value), balanced: true)),
                           position: m.node("\(name)_pos", OneHotSelect.select(lines, entries.map(\.position), balanced: true)))
    }
}
