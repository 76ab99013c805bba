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
