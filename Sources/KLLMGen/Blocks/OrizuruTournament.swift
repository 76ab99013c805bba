import HDL

/// One node of a tournament tree: the winner of its subtree (`valid` is 0 when
/// every leaf below has been knocked out or is padding) and the lane it came from.
struct TournamentNode {
    var valid: HBool
    var value: HSInt
    var lane: HUInt
}

extension OrizuruGenerator {
    /// Stage 1 as the paper's Orizuru builds it: a max tree and a min tree over the
    /// beat's lanes (padded to a power of two) that share their leaf comparisons —
    /// one subtractor per lane pair gives both "right is larger" and "right is
    /// smaller". Each further winner comes from knocking the last winner's leaf out
    /// and replaying its path to the root: the pair it sat in is re-decided from the
    /// stored comparison, and each level above takes one comparator between the
    /// path's new node and its sibling, whose subtree did not change (the sibling is
    /// read from the tree by the winner's lane bits: the walk-back). Ties go to the
    /// left subtree, so equal values come out in lane order (lower position first)
    /// without comparing positions. Returns the first `keep` both ways.
    func tournament(_ m: ModuleBuilder, _ x: [HSInt], base: HUInt, keep: Int) -> (max: [RankedEntry], min: [RankedEntry]) {
        let n = Self.nextPowerOfTwo(lanes)
        if n == 1 {
            let only = RankedEntry(valid: HBool(true), value: x[0], position: base)
            return ([only], [only])
        }
        let laneWidth = BitVector.addressWidth(entries: n)
        let dw = dataWidth
        let value = (0..<n).map { $0 < lanes ? x[$0] : HSInt(0, width: dw) }
        // The shared leaf comparisons: right - left of every pair, both ways.
        var rightLarger: [HBool] = [], rightSmaller: [HBool] = []
        for p in 0..<(n / 2) {
            let diff = m.node("pair_\(p)_diff", value[2 * p + 1].resized(to: dw + 1) &- value[2 * p].resized(to: dw + 1))
            rightSmaller.append(diff.msb)
            rightLarger.append(!diff.msb & (diff .!= 0))
        }
        func extract(_ order: String, _ rightWins: [HBool], _ better: (HSInt, HSInt) -> HBool) -> [RankedEntry] {
            var leafValid = (0..<n).map { HBool($0 < lanes) }
            /// Pair p's winner from its stored comparison and the leaves still in.
            func pair(_ p: Int) -> TournamentNode {
                let left = leafValid[2 * p], right = leafValid[2 * p + 1]
                let takeRight = right & (!left | rightWins[p])
                return TournamentNode(valid: left | right, value: mux(takeRight, value[2 * p + 1], value[2 * p]),
                                      lane: HUInt(2 * p, width: laneWidth) | takeRight.asUInt.resized(to: laneWidth))
            }
            /// The winner of two nodes; the left one on a tie.
            func play(_ name: String, _ left: TournamentNode, _ right: TournamentNode) -> TournamentNode {
                let takeRight = m.node(name, right.valid & (!left.valid | better(right.value, left.value)))
                return TournamentNode(valid: left.valid | right.valid, value: mux(takeRight, right.value, left.value),
                                      lane: mux(takeRight, right.lane, left.lane))
            }
            func named(_ name: String, _ node: TournamentNode) -> TournamentNode {
                TournamentNode(valid: m.node("\(name)_valid", node.valid), value: m.node("\(name)_val", node.value),
                               lane: m.node("\(name)_lane", node.lane))
            }
            // tree[l]: the n >> (l + 1) nodes of level l (level 0: the pairs; the last level: the root).
            var tree: [[TournamentNode]] = [(0..<(n / 2)).map { named("\(order)_t0_l0_\($0)", pair($0)) }]
            while tree.last!.count > 1 {
                let below = tree.last!, l = tree.count
                tree.append((0..<(below.count / 2)).map { q in
                    named("\(order)_t0_l\(l)_\(q)", play("\(order)_t0_l\(l)_\(q)_right", below[2 * q], below[2 * q + 1]))
                })
            }
            var winners: [RankedEntry] = []
            for round in 0..<keep {
                let root = tree.last![0]
                winners.append(RankedEntry(valid: root.valid, value: root.value,
                                           position: m.node("\(order)_win_\(round)_pos", base &+ root.lane.resized(to: positionWidth))))
                if round == keep - 1 { break }
                // Knock the winner's leaf out and replay its path.
                let hit = OneHotSelect.lines(m, "\(order)_out_\(round)", root.lane, gate: root.valid)
                leafValid = zip(leafValid, hit).map { $0 & !$1 }
                let t = round + 1
                var next: [[TournamentNode]] = [(0..<(n / 2)).map { named("\(order)_t\(t)_l0_\($0)", pair($0)) }]
                func read(_ nodes: [TournamentNode], _ index: HUInt) -> TournamentNode {
                    TournamentNode(valid: Vec(nodes.map(\.valid)).at(index), value: Vec(nodes.map(\.value)).at(index),
                                   lane: Vec(nodes.map(\.lane)).at(index))
                }
                // The winner's pair, re-decided without it.
                var path = laneWidth == 1 ? next[0][0] : read(next[0], root.lane.bits(laneWidth - 1, 1))
                for l in 1..<tree.count {
                    // The path's node at level l-1 is (lane >> l); its sibling kept its old winner.
                    let index = root.lane.bits(laneWidth - 1, l)
                    let siblingIndex = index ^ 1
                    let old = tree[l - 1]
                    let sibling = read(old, siblingIndex)
                    let pathIsRight = root.lane.bit(l)
                    let left = TournamentNode(valid: mux(pathIsRight, sibling.valid, path.valid), value: mux(pathIsRight, sibling.value, path.value),
                                              lane: mux(pathIsRight, sibling.lane, path.lane))
                    let right = TournamentNode(valid: mux(pathIsRight, path.valid, sibling.valid), value: mux(pathIsRight, path.value, sibling.value),
                                               lane: mux(pathIsRight, path.lane, sibling.lane))
                    path = named("\(order)_t\(t)_path_l\(l)", play("\(order)_t\(t)_path_l\(l)_right", left, right))
                    // Level l after this round: the path's node replaced, the others kept.
                    let at = OneHotSelect.lines(m, "\(order)_t\(t)_at_l\(l)", l + 1 < laneWidth ? root.lane.bits(laneWidth - 1, l + 1) : HUInt(0, width: 1))
                    next.append(tree[l].enumerated().map { q, node in
                        let here = at[q]
                        return TournamentNode(valid: mux(here, path.valid, node.valid), value: mux(here, path.value, node.value),
                                              lane: mux(here, path.lane, node.lane))
                    })
                }
                tree = next
            }
            return winners
        }
        return (extract("max", rightLarger) { a, b in a .> b }, extract("min", rightSmaller) { a, b in a .< b })
    }
}
