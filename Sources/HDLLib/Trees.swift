import HDL

/// `items` combined pairwise, level by level (depth ⌈log2 n⌉): adder and
/// comparator trees whose critical path grows with the log of their width.
/// `items` must not be empty.
public func balancedTree<T>(_ items: [T], _ combine: (T, T) -> T) -> T {
    precondition(!items.isEmpty, "balancedTree of no items")
    var level = items
    while level.count > 1 {
        var next: [T] = []
        for i in stride(from: 0, to: level.count - 1, by: 2) { next.append(combine(level[i], level[i + 1])) }
        if level.count % 2 == 1 { next.append(level[level.count - 1]) }
        level = next
    }
    return level[0]
}

/// The number of ones among 1-bit values, as a balanced tree of widening adds.
public func popcount(_ bits: [HUInt]) -> HUInt { balancedTree(bits, +) }

/// `balancedTree` cut into clock stages: after every level listed in `registeredLevels`
/// (level 1 is the first pairing), each partial result passes through `register`
/// (given the value, its level and its position in the level), so an adder tree
/// spreads over as many cycles as the list has entries plus one.
public func balancedTree<T>(_ items: [T], registeredLevels: Set<Int>,
                            register: (T, _ level: Int, _ position: Int) -> T, _ combine: (T, T) -> T) -> T {
    precondition(!items.isEmpty, "balancedTree of no items")
    var level = items, depth = 0
    while level.count > 1 {
        var next: [T] = []
        for i in stride(from: 0, to: level.count - 1, by: 2) { next.append(combine(level[i], level[i + 1])) }
        if level.count % 2 == 1 { next.append(level[level.count - 1]) }
        depth += 1
        level = registeredLevels.contains(depth) ? next.enumerated().map { register($1, depth, $0) } : next
    }
    return level[0]
}

/// The levels after which a tree of `depth` levels is registered to spread it
/// evenly over `stages` clock stages (`stages - 1` cuts, none past the last level).
public func evenTreeCuts(depth: Int, stages: Int) -> Set<Int> {
    guard stages > 1, depth > 1 else { return [] }
    return Set((1..<stages).map { ($0 * depth + stages / 2) / stages }.filter { $0 >= 1 && $0 < depth })
}

/// The number of ones among `bits` as a carry-save (Wallace) tree of full and half
/// adders written as gates: no adder operator, so synthesis maps it as plain logic
/// that the LUT mapper optimizes together with what reads the count (an FPGA would
/// otherwise give each `+` of `popcount` its own carry chain). Each pass compresses
/// every column of three (two) bits into a sum bit there and a carry bit one column
/// up, until one bit per column is left: depth about log1.5 of the count. The
/// result has the fewest bits that hold `bits.count`.
public func popcountGates(_ bits: [HBool]) -> HUInt {
    guard !bits.isEmpty else { return HUInt(0, width: 1) }
    var columns: [[HBool]] = [bits]
    while columns.contains(where: { $0.count > 1 }) {
        var next = Array(repeating: [HBool](), count: columns.count + 1)
        for (weight, column) in columns.enumerated() {
            var rest = column[...]
            while rest.count >= 3 {  // full adder
                let a = rest.removeFirst(), b = rest.removeFirst(), c = rest.removeFirst()
                let half = a ^ b
                next[weight].append(half ^ c)
                next[weight + 1].append((a & b) | (c & half))
            }
            if rest.count == 2 {  // half adder
                let a = rest.removeFirst(), b = rest.removeFirst()
                next[weight].append(a ^ b)
                next[weight + 1].append(a & b)
            }
            next[weight] += rest
        }
        while next.last?.isEmpty == true { next.removeLast() }
        columns = next
    }
    // The count is at most bits.count: columns above its width only ever hold 0.
    let width = Int.bitWidth - bits.count.leadingZeroBitCount
    return Vec(columns.prefix(width).map { $0[0].asUInt }).flattened()
}
