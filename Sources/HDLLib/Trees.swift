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
