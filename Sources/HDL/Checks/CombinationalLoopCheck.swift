/// Finds cycles through combinational logic (wires, outputs, instance ports and
/// the input-to-output paths of child modules; registers and memories break
/// cycles) and reports each with every signal on it. Returns, for each output
/// port, the input ports it depends on combinationally, for parents to use.
enum CombinationalLoopCheck {
    static func run(_ m: ModuleDef) -> (diagnostics: [Diagnostic], paths: [String: Set<String>]) {
        let ports = m.ports
        var diagnostics: [Diagnostic] = []
        // deps[s] = signals whose value s depends on within this cycle.
        var deps: [ObjectIdentifier: [SignalDecl]] = [:]
        StatementWalk.connections(m.body) { t, v, conds, _ in
            if t.isRegister { return }
            var out = deps[ObjectIdentifier(t)] ?? []
            var seen = Set<ObjectIdentifier>()
            StatementWalk.signalsRead(v, into: &out, seen: &seen)
            for c in conds { StatementWalk.signalsRead(c, into: &out, seen: &seen) }
            deps[ObjectIdentifier(t)] = out
        }
        for inst in m.instances {
            for p in inst.ports {
                guard case .instanceOutput(_, let port) = p.kind else { continue }
                let ins = inst.module.combinationalPaths[port] ?? []
                deps[ObjectIdentifier(p)] = inst.ports.filter {
                    if case .instanceInput(_, let q) = $0.kind { return ins.contains(q) }
                    return false
                }
            }
        }

        enum Mark { case active, done }
        var mark: [ObjectIdentifier: Mark] = [:]
        var stack: [SignalDecl] = []
        var reported = false
        func visit(_ s: SignalDecl) {
            let id = ObjectIdentifier(s)
            if mark[id] == .done { return }
            if mark[id] == .active {
                if !reported, let start = stack.firstIndex(where: { $0 === s }) {
                    // Print in data-flow order, starting at the first-declared signal.
                    var ring = Array(stack[start...].reversed())
                    let order = Dictionary((ports + m.signals).enumerated().map { (ObjectIdentifier($1), $0) }, uniquingKeysWith: { a, _ in a })
                    let first = ring.indices.min { order[ObjectIdentifier(ring[$0])]! < order[ObjectIdentifier(ring[$1])]! }!
                    ring = Array(ring[first...] + ring[..<first])
                    let cycle = ring + [ring[0]]
                    let path = cycle.map { "\($0.requestedName) (\($0.loc))" }.joined(separator: " -> ")
                    diagnostics.append(Diagnostic(.combinationalLoop, "combinational loop: \(path)", module: m.name,
                                                  signal: ring[0].requestedName, loc: ring[0].loc))
                    reported = true
                }
                return
            }
            mark[id] = .active
            stack.append(s)
            for d in deps[id] ?? [] where !d.isRegister { visit(d) }
            stack.removeLast()
            mark[id] = .done
        }
        for s in ports + m.signals { visit(s) }
        if !diagnostics.isEmpty { return (diagnostics, [:]) }

        // Input ports reachable from each output through combinational signals.
        var memo: [ObjectIdentifier: Set<String>] = [:]
        func inputsOf(_ s: SignalDecl) -> Set<String> {
            if let r = memo[ObjectIdentifier(s)] { return r }
            if s.isInput { return [s.requestedName] }
            if s.isRegister { return [] }
            memo[ObjectIdentifier(s)] = []
            var r = Set<String>()
            for d in deps[ObjectIdentifier(s)] ?? [] { r.formUnion(inputsOf(d)) }
            memo[ObjectIdentifier(s)] = r
            return r
        }
        var paths: [String: Set<String>] = [:]
        for p in ports where p.isOutput { paths[p.name] = Set(inputsOf(p).map { name in
            ports.first { $0.requestedName == name }?.name ?? name
        }) }
        return ([], paths)
    }
}
