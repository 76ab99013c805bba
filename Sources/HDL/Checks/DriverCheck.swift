/// Checks that every signal that needs a driver has exactly what it needs:
/// outputs, wires and instance inputs are assigned on every path (else a latch
/// would be inferred) and at least once; registers and memories are written.
/// (Two drivers in one block are caught when the second is recorded.)
enum DriverCheck {
    static func run(_ m: ModuleDef, skipping rejected: Set<ObjectIdentifier>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func error(_ kind: Diagnostic.Kind, _ message: String, signal: String, at loc: SourceLoc) {
            diagnostics.append(Diagnostic(kind, message, module: m.name, signal: signal, loc: loc))
        }
        var firstConnect: [ObjectIdentifier: SourceLoc] = [:]
        StatementWalk.connections(m.body) { t, _, _, loc in
            if firstConnect[ObjectIdentifier(t)] == nil { firstConnect[ObjectIdentifier(t)] = loc }
        }
        var written = Set<ObjectIdentifier>()
        StatementWalk.visit(m.body) { event in
            if case .memoryWrite(let mem, _, _, _) = event { written.insert(ObjectIdentifier(mem)) }
        }
        let complete = StatementWalk.fullyAssigned(m.body)

        for s in m.ports + m.signals {
            let what: String
            switch s.kind {
            case .input, .instanceOutput: continue
            case .output: what = "output port"
            case .wire: what = "wire"
            case .register: what = "register"
            case .instanceInput(let inst, let port): what = "input '\(port)' of instance '\(inst.requestedName)'"
            }
            let label = { () -> String in
                if case .instanceInput = s.kind { return what }
                return "\(what) '\(s.requestedName)'"
            }()
            if rejected.contains(ObjectIdentifier(s)) { continue }  // already reported where assigned
            guard let first = firstConnect[ObjectIdentifier(s)] else {
                error(.undriven, "\(label) is never assigned", signal: s.requestedName, at: s.loc)
                continue
            }
            if !s.isRegister && !complete.contains(ObjectIdentifier(s)) {
                error(.latch, "\(label) is not assigned on every path (first assigned at \(first)); "
                        + "give it a default before the `when`, or add `otherwise`", signal: s.requestedName, at: s.loc)
            }
        }
        for mem in m.memories where !written.contains(ObjectIdentifier(mem)) {
            error(.undriven, "memory '\(mem.requestedName)' is never written", signal: mem.requestedName, at: mem.loc)
        }
        return diagnostics
    }
}
