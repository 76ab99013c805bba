/// Traversals of a module body shared by the checks and the backends.
public enum StatementWalk {
    /// What `visit` reports, in statement order: each connection and memory write,
    /// and each `when` condition and `switch` selector before the statements under it.
    public enum Event {
        case connect(SignalDecl, ExprNode, SourceLoc)
        case memoryWrite(MemoryDecl, address: ExprNode, data: ExprNode, SourceLoc)
        case condition(ExprNode)
    }

    /// The one statement visitor: every statement of `block` and of the blocks
    /// nested in it, with `conditions` the `when` conditions and `switch`
    /// selectors enclosing each one (outermost first).
    public static func visit(_ block: StatementBlock, _ body: (Event) -> Void) {
        visit(block) { event, _ in body(event) }
    }

    /// As `visit`, with the enclosing conditions of each event.
    public static func visit(_ block: StatementBlock, _ body: (Event, _ conditions: [ExprNode]) -> Void) {
        var conds: [ExprNode] = []
        func walk(_ b: StatementBlock) {
            for s in b.statements {
                switch s {
                case .connect(let t, let v, let loc): body(.connect(t, v, loc), conds)
                case .memoryWrite(let m, let a, let d, let loc): body(.memoryWrite(m, address: a, data: d, loc), conds)
                case .when(let w):
                    body(.condition(w.condition), conds)
                    conds.append(w.condition)
                    walk(w.then)
                    if let o = w.otherwise { walk(o) }
                    conds.removeLast()
                case .switchOn(let sw):
                    body(.condition(sw.selector), conds)
                    conds.append(sw.selector)
                    for c in sw.cases { walk(c.body) }
                    if let d = sw.defaultBody { walk(d) }
                    conds.removeLast()
                }
            }
        }
        walk(block)
    }

    /// Calls `visit(target, value, conditions, loc)` for every connection, with the
    /// `when`/`switch` conditions (selector expressions included) that enclose it.
    public static func connections(_ block: StatementBlock, _ body: (SignalDecl, ExprNode, [ExprNode], SourceLoc) -> Void) {
        visit(block) { event, conds in
            if case .connect(let t, let v, let loc) = event { body(t, v, conds, loc) }
        }
    }

    /// The signals every path through `block` assigns (one pass for all signals).
    public static func fullyAssigned(_ block: StatementBlock) -> Set<ObjectIdentifier> {
        var out = Set<ObjectIdentifier>()
        for s in block.statements {
            switch s {
            case .connect(let t, _, _): out.insert(ObjectIdentifier(t))
            case .when(let w):
                if let o = w.otherwise { out.formUnion(fullyAssigned(w.then).intersection(fullyAssigned(o))) }
            case .switchOn(let sw):
                var arms = sw.cases.map { fullyAssigned($0.body) }
                if let d = sw.defaultBody {
                    arms.append(fullyAssigned(d))
                } else {
                    let distinct = Set(sw.cases.flatMap(\.values))
                    guard sw.selector.width < 20, distinct.count == 1 << sw.selector.width else { continue }
                }
                if var common = arms.first {
                    for a in arms.dropFirst() { common.formIntersection(a) }
                    out.formUnion(common)
                }
            case .memoryWrite: break
            }
        }
        return out
    }

    /// Every signal read by `node` (memory reads contribute their address only).
    public static func signalsRead(_ node: ExprNode, into out: inout [SignalDecl], seen: inout Set<ObjectIdentifier>) {
        guard seen.insert(ObjectIdentifier(node)).inserted else { return }
        if case .signal(let d) = node.op { out.append(d); return }
        for a in node.args { signalsRead(a, into: &out, seen: &seen) }
    }
}
