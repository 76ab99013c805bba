/// Traversals of a module body shared by the checks and the backends.
public enum StatementWalk {
    /// Calls `visit(target, value, conditions, loc)` for every connection, with the
    /// `when`/`switch` conditions (selector expressions included) that enclose it.
    public static func connections(_ block: StatementBlock, _ visit: (SignalDecl, ExprNode, [ExprNode], SourceLoc) -> Void) {
        var conds: [ExprNode] = []
        func walk(_ b: StatementBlock) {
            for s in b.statements {
                switch s {
                case .connect(let t, let v, let loc): visit(t, v, conds, loc)
                case .when(let w):
                    conds.append(w.condition)
                    walk(w.then)
                    if let o = w.otherwise { walk(o) }
                    conds.removeLast()
                case .switchOn(let sw):
                    conds.append(sw.selector)
                    for c in sw.cases { walk(c.body) }
                    if let d = sw.defaultBody { walk(d) }
                    conds.removeLast()
                case .memoryWrite: break
                }
            }
        }
        walk(block)
    }

    /// Whether every path through `block` assigns `target`.
    public static func fullyAssigns(_ block: StatementBlock, _ target: SignalDecl) -> Bool {
        for s in block.statements {
            switch s {
            case .connect(let t, _, _) where t === target: return true
            case .when(let w):
                if let o = w.otherwise, fullyAssigns(w.then, target), fullyAssigns(o, target) { return true }
            case .switchOn(let sw):
                let armsCover = sw.cases.allSatisfy { fullyAssigns($0.body, target) }
                if armsCover {
                    if let d = sw.defaultBody {
                        if fullyAssigns(d, target) { return true }
                    } else if sw.selector.width < 20 {
                        let distinct = Set(sw.cases.flatMap(\.values))
                        if distinct.count == 1 << sw.selector.width { return true }
                    }
                }
            default: break
            }
        }
        return false
    }

    /// Every signal read by `node` (memory reads contribute their address only).
    public static func signalsRead(_ node: ExprNode, into out: inout [SignalDecl], seen: inout Set<ObjectIdentifier>) {
        guard seen.insert(ObjectIdentifier(node)).inserted else { return }
        if case .signal(let d) = node.op { out.append(d); return }
        for a in node.args { signalsRead(a, into: &out, seen: &seen) }
    }
}
