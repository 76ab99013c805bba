import HDL
import HDLLib

/// One node of a tournament tree: the winner of its subtree (`valid` is 0 when
/// every leaf below has been knocked out or is padding) and the lane it came from.
struct TournamentNode {
    var valid: HBool
    var value: HSInt
    var lane: HUInt
}

/// What every extraction round reads: the beat's values (padded to a power of two),
/// the leaf comparisons both trees share, the position of lane 0, and the beat's
/// `in_valid` / `in_last` travelling with it through the pipeline cuts.
struct TournamentBeat {
    var value: [HSInt]
    var rightLarger: [HBool]
    var rightSmaller: [HBool]
    var base: HUInt
    var valid: HBool
    var last: HBool
}

/// One tree between rounds: the leaves still in, every node's winner (`levels[l]`:
/// the n >> (l + 1) nodes of level l; level 0 the pairs, the last level the root) and
/// the winners taken so far.
struct TournamentTree {
    var leafValid: [HBool]
    var levels: [[TournamentNode]]
    var winners: [RankedEntry]
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
    /// without comparing positions.
    ///
    /// With `stages` > 1 the `keep` rounds are spread over that many clock stages:
    /// before the rounds at ⌊g·keep/stages⌋ (g = 1 ..< stages) both trees, the beat's
    /// values and comparisons, its first position and its handshake bits are
    /// registered (free-running; the valid bit resets). Returns the first `keep`
    /// both ways and the valid / last bits of the beat they belong to.
    func tournament(_ m: ModuleBuilder, _ x: [HSInt], base: HUInt, valid: HBool, last: HBool, keep: Int)
        -> (max: [RankedEntry], min: [RankedEntry], valid: HBool, last: HBool) {
        let n = Self.nextPowerOfTwo(lanes)
        if n == 1 {
            let only = RankedEntry(valid: HBool(true), value: x[0], position: base)
            return ([only], [only], valid, last)
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
        var beat = TournamentBeat(value: value, rightLarger: rightLarger, rightSmaller: rightSmaller, base: base, valid: valid, last: last)

        /// One order: its name, which stored comparison says "the right leaf wins", and the comparator above the pairs.
        struct Order {
            let name: String
            let rightWins: (TournamentBeat) -> [HBool]
            let better: (HSInt, HSInt) -> HBool
        }
        let orders = [Order(name: "max", rightWins: \.rightLarger) { a, b in a .> b },
                      Order(name: "min", rightWins: \.rightSmaller) { a, b in a .< b }]

        /// Pair p's winner from its stored comparison and the leaves still in.
        func pair(_ order: Order, _ beat: TournamentBeat, _ leafValid: [HBool], _ p: Int) -> TournamentNode {
            let left = leafValid[2 * p], right = leafValid[2 * p + 1]
            let takeRight = right & (!left | order.rightWins(beat)[p])
            return TournamentNode(valid: left | right, value: mux(takeRight, beat.value[2 * p + 1], beat.value[2 * p]),
                                  lane: HUInt(2 * p, width: laneWidth) | takeRight.asUInt.resized(to: laneWidth))
        }
        /// The winner of two nodes; the left one on a tie.
        func play(_ order: Order, _ name: String, _ left: TournamentNode, _ right: TournamentNode) -> TournamentNode {
            let takeRight = m.node(name, right.valid & (!left.valid | order.better(right.value, left.value)))
            return TournamentNode(valid: left.valid | right.valid, value: mux(takeRight, right.value, left.value),
                                  lane: mux(takeRight, right.lane, left.lane))
        }
        func named(_ name: String, _ node: TournamentNode) -> TournamentNode {
            TournamentNode(valid: m.node("\(name)_valid", node.valid), value: m.node("\(name)_val", node.value),
                           lane: m.node("\(name)_lane", node.lane))
        }
        func read(_ nodes: [TournamentNode], _ index: HUInt) -> TournamentNode {
            TournamentNode(valid: Vec(nodes.map(\.valid)).at(index), value: Vec(nodes.map(\.value)).at(index),
                           lane: Vec(nodes.map(\.lane)).at(index))
        }
        func choose(_ select: HBool, _ a: TournamentNode, _ b: TournamentNode) -> TournamentNode {
            TournamentNode(valid: mux(select, a.valid, b.valid), value: mux(select, a.value, b.value), lane: mux(select, a.lane, b.lane))
        }
        /// The full tree over every lane of the beat.
        func plant(_ order: Order) -> TournamentTree {
            let leafValid = (0..<n).map { HBool($0 < lanes) }
            var levels: [[TournamentNode]] = [(0..<(n / 2)).map { named("\(order.name)_t0_l0_\($0)", pair(order, beat, leafValid, $0)) }]
            while levels.last!.count > 1 {
                let below = levels.last!, l = levels.count
                levels.append((0..<(below.count / 2)).map { q in
                    named("\(order.name)_t0_l\(l)_\(q)", play(order, "\(order.name)_t0_l\(l)_\(q)_right", below[2 * q], below[2 * q + 1]))
                })
            }
            return TournamentTree(leafValid: leafValid, levels: levels, winners: [])
        }
        /// The root is winner `round`: record it with its position.
        func take(_ order: Order, _ tree: inout TournamentTree, round: Int) {
            let root = tree.levels.last![0]
            tree.winners.append(RankedEntry(valid: root.valid, value: root.value,
                                            position: m.node("\(order.name)_win_\(round)_pos", beat.base &+ root.lane.resized(to: positionWidth))))
        }
        /// Knocks winner `round` out and replays its path: the tree for winner `round + 1`.
        func replay(_ order: Order, _ tree: TournamentTree, round: Int) -> TournamentTree {
            let root = tree.levels.last![0]
            let hit = OneHotSelect.lines(m, "\(order.name)_out_\(round)", root.lane, gate: root.valid)
            let leafValid = zip(tree.leafValid, hit).map { $0 & !$1 }
            let t = round + 1
            var next: [[TournamentNode]] = [(0..<(n / 2)).map { named("\(order.name)_t\(t)_l0_\($0)", pair(order, beat, leafValid, $0)) }]
            // The winner's pair, re-decided without it.
            var path = laneWidth == 1 ? next[0][0] : read(next[0], root.lane.bits(laneWidth - 1, 1))
            for l in 1..<tree.levels.count {
                // The path's node at level l-1 is (lane >> l); its sibling kept its old winner.
                let sibling = read(tree.levels[l - 1], root.lane.bits(laneWidth - 1, l) ^ 1)
                let pathIsRight = root.lane.bit(l)
                path = named("\(order.name)_t\(t)_path_l\(l)",
                             play(order, "\(order.name)_t\(t)_path_l\(l)_right", choose(pathIsRight, sibling, path), choose(pathIsRight, path, sibling)))
                // Level l after this round: the path's node replaced, the others kept.
                let at = OneHotSelect.lines(m, "\(order.name)_t\(t)_at_l\(l)", l + 1 < laneWidth ? root.lane.bits(laneWidth - 1, l + 1) : HUInt(0, width: 1))
                next.append(tree.levels[l].enumerated().map { q, node in choose(at[q], path, node) })
            }
            return TournamentTree(leafValid: leafValid, levels: next, winners: tree.winners)
        }
        /// Pipeline cut g: everything later rounds read, one cycle later.
        func cut(_ g: Int, _ beat: TournamentBeat) -> TournamentBeat {
            let p = "cut\(g)"
            return TournamentBeat(value: beat.value.enumerated().map { m.delayed("\(p)_x_\($0.offset)", $0.element) },
                                  rightLarger: beat.rightLarger.enumerated().map { m.delayed("\(p)_pair_\($0.offset)_right_larger", $0.element) },
                                  rightSmaller: beat.rightSmaller.enumerated().map { m.delayed("\(p)_pair_\($0.offset)_right_smaller", $0.element) },
                                  base: m.delayed("\(p)_base", beat.base), valid: m.delayed("\(p)_valid", beat.valid, reset: 0),
                                  last: m.delayed("\(p)_last", beat.last))
        }
        func cut(_ g: Int, _ order: Order, _ tree: TournamentTree) -> TournamentTree {
            let p = "\(order.name)_cut\(g)"
            func node(_ name: String, _ v: TournamentNode) -> TournamentNode {
                TournamentNode(valid: m.delayed("\(name)_valid", v.valid), value: m.delayed("\(name)_val", v.value), lane: m.delayed("\(name)_lane", v.lane))
            }
            return TournamentTree(
                leafValid: tree.leafValid.enumerated().map { m.delayed("\(p)_leaf_\($0.offset)", $0.element) },
                levels: tree.levels.enumerated().map { l, nodes in nodes.enumerated().map { q, v in node("\(p)_l\(l)_\(q)", v) } },
                winners: tree.winners.enumerated().map { i, w in
                    RankedEntry(valid: m.delayed("\(p)_win_\(i)_valid", w.valid), value: m.delayed("\(p)_win_\(i)_val", w.value),
                                position: m.delayed("\(p)_win_\(i)_pos", w.position))
                })
        }

        let cuts = Set((1..<stages).map { $0 * keep / stages })
        var trees = orders.map(plant)
        var g = 0
        for round in 0..<keep {
            if cuts.contains(round) {
                g += 1
                beat = cut(g, beat)
                trees = zip(orders, trees).map { cut(g, $0, $1) }
            }
            for o in orders.indices { take(orders[o], &trees[o], round: round) }
            if round == keep - 1 { break }
            trees = zip(orders, trees).map { replay($0, $1, round: round) }
        }
        return (trees[0].winners, trees[1].winners, beat.valid, beat.last)
    }
}
