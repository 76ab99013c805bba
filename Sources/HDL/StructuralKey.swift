/// A canonical text of a module's structure: its name, parameters, ports,
/// signals, memories, children (by their own keys), statements and expressions
/// (shared nodes numbered once), without source locations. Two modules with
/// equal keys elaborate to the same hardware, so an emitter prints one of them.
extension ModuleDef {
    public var structuralKey: String {
        var out: [String] = ["module \(name)"]
        out.append("notes " + annotations.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
        out.append("params " + parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ","))
        var signalIndex: [ObjectIdentifier: Int] = [:]
        for (i, s) in (ports + signals).enumerated() { signalIndex[ObjectIdentifier(s)] = i }
        var memoryIndex: [ObjectIdentifier: Int] = [:]
        for (i, m) in memories.enumerated() {
            memoryIndex[ObjectIdentifier(m)] = i
            out.append("mem \(m.name) \(m.depth)x\(m.width)\(m.signed ? "s" : "u")")
        }
        var instanceIndex: [ObjectIdentifier: Int] = [:]
        for (i, inst) in instances.enumerated() {
            instanceIndex[ObjectIdentifier(inst)] = i
            out.append("inst \(inst.name) {\(inst.module.structuralKey)}")
        }
        var nodeID: [ObjectIdentifier: Int] = [:]
        func expr(_ n: ExprNode) -> Int {
            if let id = nodeID[ObjectIdentifier(n)] { return id }
            let args = n.args.map(expr)
            let op: String
            switch n.op {
            case .signal(let d): op = "sig\(signalIndex[ObjectIdentifier(d)] ?? -1)"
            case .memoryRead(let m): op = "read\(memoryIndex[ObjectIdentifier(m)] ?? -1)"
            case .constant(let v): op = "const \(v)"
            default: op = "\(n.op)"
            }
            let id = nodeID.count
            nodeID[ObjectIdentifier(n)] = id
            out.append("n\(id) = \(op)(\(args.map { "n\($0)" }.joined(separator: ","))) \(n.width)\(n.signed ? "s" : "u")")
            return id
        }
        for s in ports + signals {
            var line = "signal \(s.name) \(s.width)\(s.signed ? "s" : "u") "
            switch s.kind {
            case .input: line += "in"
            case .output: line += "out"
            case .wire: line += "wire"
            case .register(let info):
                line += "reg reset \(info.reset.map { "n\(expr($0))" } ?? "-") enable \(info.enable.map { "n\(expr($0))" } ?? "-")"
                    + (info.verificationOnly ? " past" : "")
            case .instanceInput(let inst, let port): line += "inst\(instanceIndex[ObjectIdentifier(inst)] ?? -1).\(port) in"
            case .instanceOutput(let inst, let port): line += "inst\(instanceIndex[ObjectIdentifier(inst)] ?? -1).\(port) out"
            }
            out.append(line)
        }
        func block(_ b: StatementBlock) {
            out.append("{")
            for s in b.statements {
                switch s {
                case .connect(let t, let v, _): out.append("sig\(signalIndex[ObjectIdentifier(t)] ?? -1) := n\(expr(v))")
                case .memoryWrite(let m, let a, let d, _):
                    out.append("read\(memoryIndex[ObjectIdentifier(m)] ?? -1)[n\(expr(a))] := n\(expr(d))")
                case .when(let w):
                    out.append("when n\(expr(w.condition))")
                    block(w.then)
                    if let o = w.otherwise { out.append("else"); block(o) }
                case .switchOn(let sw):
                    out.append("switch n\(expr(sw.selector))")
                    for c in sw.cases { out.append("case \(c.values)"); block(c.body) }
                    if let d = sw.defaultBody { out.append("default"); block(d) }
                }
            }
            out.append("}")
        }
        block(body)
        for p in properties { out.append("\(p.kind.rawValue) n\(expr(p.enable)) n\(expr(p.condition)) \(p.message)") }
        return out.joined(separator: "\n")
    }
}
