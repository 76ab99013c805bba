/// Checks that the properties stay outside the design: no signal, memory
/// write or condition of the synthesizable logic reads a `past` register (the
/// emitted RTL keeps those inside `ifdef FORMAL`, so such a read would not
/// synthesize), and each property's condition is one bit.
enum PropertyCheck {
    static func run(_ m: ModuleDef) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func verificationRead(_ n: ExprNode) -> SignalDecl? {
            var read: [SignalDecl] = []
            var seen = Set<ObjectIdentifier>()
            StatementWalk.signalsRead(n, into: &read, seen: &seen)
            return read.first { $0.isVerificationOnly }
        }
        func report(_ s: SignalDecl, _ what: String, at loc: SourceLoc) {
            diagnostics.append(Diagnostic(.illegalDrive, "\(what) reads '\(s.requestedName)', a register of the properties (past, propertyReg) that exists only "
                                          + "for properties (inside `ifdef FORMAL`); design logic cannot use it",
                                          module: m.name, signal: s.requestedName, loc: loc))
        }
        // A `when` that holds only properties may test past() values; one around design statements may not.
        func condition(_ conds: [ExprNode]) -> SignalDecl? { conds.lazy.compactMap(verificationRead).first }
        StatementWalk.visit(m.body) { event, conds in
            switch event {
            case .connect(let t, let v, let loc):
                guard !t.isVerificationOnly else { break }
                if let s = verificationRead(v) { report(s, "the value of '\(t.requestedName)'", at: loc) }
                if let s = condition(conds) { report(s, "a `when`/`switch` condition around '\(t.requestedName)'", at: loc) }
            case .memoryWrite(let mem, let a, let d, let loc):
                if let s = verificationRead(a) ?? verificationRead(d) ?? condition(conds) {
                    report(s, "a write of memory '\(mem.requestedName)'", at: loc)
                }
            case .condition: break
            }
        }
        for s in m.signals {
            guard let info = s.registerInfo, let en = info.enable, let v = verificationRead(en) else { continue }
            report(v, "the enable of register '\(s.requestedName)'", at: s.loc)
        }
        for p in m.properties where p.condition.width != 1 {
            diagnostics.append(Diagnostic(.widthMismatch, "\(p.kind.rawValue) '\(p.message)' has a \(p.condition.width)-bit condition; "
                                          + "a property is one bit", module: m.name, loc: p.loc))
        }
        return diagnostics
    }
}
