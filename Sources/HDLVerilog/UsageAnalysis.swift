import HDL

/// Which bits of each signal the module reads, to silence Verilator's UNUSED
/// warning exactly where a port or wire is (partly) unread by design.
enum UsageAnalysis {
    /// Every expression the printed module evaluates: values, conditions, selectors,
    /// memory addresses and data, register enables — with the statements of the
    /// `lowered` signals replaced by their single driving expressions (`drivers`).
    static func roots(_ m: ModuleDef, lowered: Set<ObjectIdentifier> = [], drivers: [ExprNode] = []) -> [ExprNode] {
        var out = drivers
        /// Adds what `b` prints; returns whether it prints anything.
        @discardableResult
        func walk(_ b: StatementBlock) -> Bool {
            var live = false
            for s in b.statements {
                switch s {
                case .connect(let t, let v, _):
                    // past() registers print inside `ifdef FORMAL`: what they read is not read by the design.
                    if !lowered.contains(ObjectIdentifier(t)) && !t.isVerificationOnly { out.append(v); live = true }
                case .memoryWrite(_, let a, let d, _):
                    out.append(a); out.append(d); live = true
                case .when(let w):
                    let t = walk(w.then)
                    let e = w.otherwise.map { walk($0) } ?? false
                    if t || e { out.append(w.condition); live = true }
                case .switchOn(let sw):
                    var any = false
                    for c in sw.cases where walk(c.body) { any = true }
                    if let d = sw.defaultBody, walk(d) { any = true }
                    if any { out.append(sw.selector); live = true }
                }
            }
            return live
        }
        walk(m.body)
        for s in m.signals { if let e = s.registerInfo?.enable { out.append(e) } }
        return out
    }

    /// Memories some expression reads.
    static func memoriesRead(_ roots: [ExprNode]) -> Set<ObjectIdentifier> {
        var out = Set<ObjectIdentifier>()
        var seen = Set<ObjectIdentifier>()
        func visit(_ n: ExprNode) {
            guard seen.insert(ObjectIdentifier(n)).inserted else { return }
            if case .memoryRead(let mem) = n.op { out.insert(ObjectIdentifier(mem)) }
            n.args.forEach(visit)
        }
        roots.forEach(visit)
        return out
    }

    /// Signals with at least one bit that nothing reads.
    static func partlyUnread(_ m: ModuleDef, roots: [ExprNode]) -> Set<ObjectIdentifier> {
        var used: [ObjectIdentifier: [Bool]] = [:]
        func mark(_ d: SignalDecl, _ lo: Int, _ hi: Int) {
            var bits = used[ObjectIdentifier(d)] ?? Array(repeating: false, count: d.width)
            for i in lo...hi { bits[i] = true }
            used[ObjectIdentifier(d)] = bits
        }
        var seen = Set<ObjectIdentifier>()
        func visit(_ n: ExprNode) {
            guard seen.insert(ObjectIdentifier(n)).inserted else { return }
            switch n.op {
            case .signal(let d): mark(d, 0, d.width - 1)
            case .slice(let hi, let lo):
                if let d = n.args[0].signalDecl { mark(d, lo, hi) } else { visit(n.args[0]) }
            case .extend where n.width < n.args[0].width:
                if let d = n.args[0].signalDecl { mark(d, 0, n.width - 1) } else { visit(n.args[0]) }
            default: n.args.forEach(visit)
            }
        }
        roots.forEach(visit)
        if let c = m.clock { mark(c, 0, 0) }
        var out = Set<ObjectIdentifier>()
        for s in m.ports + m.signals {
            switch s.kind {
            case .output, .instanceInput: continue  // read outside this module
            default: break
            }
            if s === m.reset {
                // rst is read by reset registers here or in children.
                let usedHere = m.signals.contains { $0.registerInfo?.reset != nil } || m.instances.contains { $0.module.hasReset }
                if usedHere { continue }
            }
            if s === m.clock { continue }
            let bits = used[ObjectIdentifier(s)] ?? Array(repeating: false, count: s.width)
            if bits.contains(false) { out.insert(ObjectIdentifier(s)) }
        }
        return out
    }
}
