import HDL

/// Selection through one-hot lines: an index is decoded once into lines shared by
/// every select that uses it, and each select is an AND-OR of the values over
/// those lines. On a standard-cell library the AND-OR maps to AOI/NAND cells at
/// about half the area of the MUX2 tree a binary-indexed select becomes
/// (`kllm_index_matmul` ARCH=decoded, `kllm_linear`).
public enum OneHotSelect {
    /// One line per value of `index` (line i is 1 when index == i), all 0 when `gate` is 0.
    public static func lines(_ m: ModuleBuilder, _ name: String, _ index: HUInt, gate: HBool? = nil) -> [HBool] {
        let count = 1 << index.width
        var hot = HUInt(1, width: count) << index
        if let gate { hot = mux(gate, hot, HUInt(0, width: count)) }
        let word = m.node(name, hot)
        return (0..<count).map { word.bit($0) }
    }

    /// The OR of the values whose line is 1: the selected value when the lines are one-hot, 0 when none is set.
    /// `balanced`: the ORs as a balanced tree (depth log2 of the count) instead of a chain.
    public static func select<T: HardwareNumber>(_ lines: [HBool], _ values: [T], balanced: Bool = false) -> T {
        let zero = values[0].literal(0)
        let terms = zip(lines, values).map { line, value in mux(line, value, zero) }
        return balanced ? balancedTree(terms, |) : terms.dropFirst().reduce(terms[0], |)
    }
}
