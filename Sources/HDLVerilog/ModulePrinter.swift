import HDL

/// Prints one elaborated module as Verilog-2005: header, ports, declarations,
/// continuous assigns, one `always` block per register / combinational signal /
/// memory, and instances. Every construct carries its `// File.swift:LINE`.
struct ModulePrinter {
    let module: ModuleDef
    /// The module's name in the output file.
    let verilogName: String
    /// Output names of child modules.
    let childNames: [ObjectIdentifier: String]
    /// Verilog names of this module's declarations.
    let names: VerilogNames
    /// Verilog names of each child module's declarations (its ports, for connections).
    let childDeclarationNames: [ObjectIdentifier: VerilogNames]

    private static let indent = "    "

    func print() -> String {
        let m = module
        let taken = NameTable(Set(m.ports.map(names.of) + m.signals.map(names.of) + m.memories.map(names.of) + m.instances.map(names.of)
                                  + m.ports.map(\.name) + m.signals.map(\.name) + m.memories.map(\.name) + m.instances.map(\.name)))
        let targets = TargetIndex(m.body)
        let (assigns, lowered) = plainAssigns(targets)
        let roots = UsageAnalysis.roots(m, lowered: lowered, drivers: lowered.map { assigns[$0]!.0 })
        let printer = ExpressionPrinter(useCount: Self.useCounts(roots), names: taken, declarations: names)
        let procedural = { (s: SignalDecl) -> Bool in
            if case .instanceOutput = s.kind { return false }  // driven by the instance's port
            return !s.isRegister && assigns[ObjectIdentifier(s)] == nil && !s.isInput
        }
        // Statements first, so hoisted temporaries are known for the declarations.
        let body = combinational(assigns, targets, printer) + registers(targets, printer)
            + memoryWrites(targets, printer) + instances()
        let formal = PropertyPrinter(module: m, names: names, taken: taken).print { printer in
            self.registers(targets, printer, verificationOnly: true)
        }
        return (declarations(procedural, unread: UsageAnalysis.partlyUnread(m, roots: roots),
                             readMemories: UsageAnalysis.memoriesRead(roots), temporaries: printer.temporaries)
                + [""] + body + formal + ["endmodule"]).joined(separator: "\n") + "\n"
    }

    /// The combinational signals printed as one `assign`, with their values; and
    /// which of those are lowered from conditional logic.
    private func plainAssigns(_ targets: TargetIndex) -> ([ObjectIdentifier: (ExprNode, SourceLoc)], Set<ObjectIdentifier>) {
        let m = module
        var assigns: [ObjectIdentifier: (ExprNode, SourceLoc)] = [:]
        for s in m.body.statements {
            if case .connect(let t, let v, let loc) = s, !t.isRegister, targets.count(of: t) == 1 {
                assigns[ObjectIdentifier(t)] = (v, loc)
            }
        }
        // Conditional logic with a constant condition, or reading nothing at all, becomes
        // one `assign` of its folded value: simulators drop dead branches from an
        // `always @*` sensitivity list, and a block sensitive to nothing never runs.
        var lowered = Set<ObjectIdentifier>()
        for s in m.ports + m.signals where assigns[ObjectIdentifier(s)] == nil && targets.count(of: s) > 0 && !s.isRegister {
            let shape = Self.projectionShape(m.body, ObjectIdentifier(s), targets)
            if shape.constantCondition || !shape.reads {
                assigns[ObjectIdentifier(s)] = (LoweredModule.combinationalDriver(s, in: m, targets: targets), s.loc)
                lowered.insert(ObjectIdentifier(s))
            }
        }
        return (assigns, lowered)
    }

    /// `assign`s and `always @*` blocks for outputs, wires and instance inputs.
    private func combinational(_ assigns: [ObjectIdentifier: (ExprNode, SourceLoc)], _ targets: TargetIndex,
                               _ printer: ExpressionPrinter) -> [String] {
        let i1 = Self.indent
        var body: [String] = []
        for s in module.ports + module.signals {
            switch s.kind {
            case .input, .instanceOutput, .register: continue
            default: break
            }
            printer.hint = names.of(s)
            if let (v, loc) = assigns[ObjectIdentifier(s)] {
                body.append("\(i1)assign \(names.of(s)) = \(printer.rhs(v));  // \(loc)")
                continue
            }
            body.append("\(i1)always @* begin  // \(names.of(s)), \(s.loc)")
            body += printBlock(module.body, key: ObjectIdentifier(s), indent: 2, printer: printer, targets: targets) { stmt in
                if case .connect(let t, let v, let loc) = stmt, t === s { return "\(names.of(s)) = \(printer.rhs(v));  // \(loc)" }
                return nil
            }
            body.append("\(i1)end")
        }
        return body
    }

    /// One `always @(posedge clk)` per register: reset first, then the enable, then its logic.
    /// `verificationOnly`: the property registers (printed inside `ifdef FORMAL`) instead of the design's.
    func registers(_ targets: TargetIndex, _ printer: ExpressionPrinter, verificationOnly: Bool = false) -> [String] {
        let i1 = Self.indent
        var body: [String] = []
        for s in module.signals {
            guard let info = s.registerInfo, info.verificationOnly == verificationOnly else { continue }
            printer.hint = names.of(s)
            var lines = printBlock(module.body, key: ObjectIdentifier(s), indent: 2, printer: printer, targets: targets) { stmt in
                if case .connect(let t, let v, let loc) = stmt, t === s { return "\(names.of(s)) <= \(printer.rhs(v));  // \(loc)" }
                return nil
            }
            if let en = info.enable {
                lines = ["\(i1)\(i1)if (\(printer.rhs(en))) begin"] + lines.map { i1 + $0 } + ["\(i1)\(i1)end"]
            }
            body.append("\(i1)always @(posedge \(names.of(module.clock!))) begin  // \(names.of(s)), \(s.loc)")
            if let r = info.reset {
                body.append("\(i1)\(i1)if (\(names.of(module.reset!))) begin")
                body.append("\(i1)\(i1)\(i1)\(names.of(s)) <= \(printer.rhs(r));")
                body.append("\(i1)\(i1)end else begin")
                body += lines.map { i1 + $0 }
                body.append("\(i1)\(i1)end")
            } else {
                body += lines
            }
            body.append("\(i1)end")
        }
        return body
    }

    /// One `always @(posedge clk)` per memory with its write ports.
    private func memoryWrites(_ targets: TargetIndex, _ printer: ExpressionPrinter) -> [String] {
        let i1 = Self.indent
        var body: [String] = []
        for mem in module.memories {
            printer.hint = names.of(mem)
            body.append("\(i1)always @(posedge \(names.of(module.clock!))) begin  // \(names.of(mem)) write, \(mem.loc)")
            body += printBlock(module.body, key: ObjectIdentifier(mem), indent: 2, printer: printer, targets: targets) { stmt in
                if case .memoryWrite(let d, let addr, let data, let loc) = stmt, d === mem {
                    return "\(names.of(mem))[\(printer.rhs(addr))] <= \(printer.rhs(data));  // \(loc)"
                }
                return nil
            }
            body.append("\(i1)end")
        }
        return body
    }

    /// Child instances, `clk`/`rst` first, then every port by name.
    private func instances() -> [String] {
        let i1 = Self.indent
        var body: [String] = []
        for inst in module.instances {
            var conns: [String] = []
            let childPorts = childDeclarationNames[ObjectIdentifier(inst.module)] ?? VerilogNames(inst.module)
            if let c = inst.module.clock, let pc = module.clock { conns.append(".\(childPorts.of(c))(\(names.of(pc)))") }
            if let r = inst.module.reset, let pr = module.reset { conns.append(".\(childPorts.of(r))(\(names.of(pr)))") }
            for p in inst.ports {
                switch p.kind {
                case .instanceInput(_, let port), .instanceOutput(_, let port): conns.append(".\(childPorts.port(port))(\(names.of(p)))")
                default: break
                }
            }
            let child = childNames[ObjectIdentifier(inst.module)] ?? VerilogNames.module(inst.module.name)
            body.append("\(i1)\(child) \(names.of(inst)) (  // \(inst.loc)")
            body.append(conns.enumerated().map { "\(i1)\(i1)\($1)\($0 == conns.count - 1 ? "" : ",")" }.joined(separator: "\n"))
            body.append("\(i1));")
        }
        return body
    }

    /// Header, port list and declarations; a (partly) unread signal or an unread
    /// memory is wrapped in a Verilator UNUSED waiver.
    private func declarations(_ procedural: (SignalDecl) -> Bool, unread: Set<ObjectIdentifier>,
                              readMemories: Set<ObjectIdentifier>, temporaries: [String]) -> [String] {
        let m = module
        let i1 = Self.indent
        func waived(_ decl: String) -> String {
            "\(i1)/* verilator lint_off UNUSED */\n\(decl)\n\(i1)/* verilator lint_on UNUSED */"
        }
        func lintWrapped(_ decl: String, _ s: SignalDecl) -> String { unread.contains(ObjectIdentifier(s)) ? waived(decl) : decl }
        var out = [header(), "module \(verilogName) ("]
        for (k, p) in m.ports.enumerated() {
            let dir = p.isInput ? "input  wire" : (procedural(p) ? "output reg " : "output wire")
            let sign = p.signed ? " signed" : ""
            let comma = k == m.ports.count - 1 ? "" : ","
            out.append(lintWrapped("\(i1)\(dir)\(sign) \(ExpressionPrinter.range(p.width))\(names.of(p))\(comma)", p))
        }
        out.append(");")
        for s in m.signals where !s.isVerificationOnly {
            let kind = (s.isRegister || procedural(s)) ? "reg " : "wire"
            let sign = s.signed ? " signed" : ""
            out.append(lintWrapped("\(i1)\(kind)\(sign) \(ExpressionPrinter.range(s.width))\(names.of(s));  // \(s.loc)", s))
        }
        for mem in m.memories {
            let sign = mem.signed ? " signed" : ""
            let decl = "\(i1)reg\(sign) \(ExpressionPrinter.range(mem.width))\(names.of(mem)) [0:\(mem.depth - 1)];  // \(mem.loc)"
            out.append(readMemories.contains(ObjectIdentifier(mem)) ? decl : waived(decl))
        }
        if !temporaries.isEmpty {
            out.append("")
            out += temporaries.map { i1 + $0 }
        }
        return out
    }

    private func header() -> String {
        var h = "// \(verilogName)"
        if let d = module.doc { h += ": " + d.split(separator: "\n").joined(separator: "\n// ") }
        h += "\n// Generated from \(module.loc)."
        if !module.parameters.isEmpty {
            h += "\n// Parameters: " + module.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        }
        for a in module.annotations { h += "\n// \(a.comment)" }
        return h
    }

    /// Lines of `block` projected onto the statements about `key` (those `line`
    /// prints), with the `if`/`case` structure around them.
    private func printBlock(_ block: StatementBlock, key: ObjectIdentifier, indent: Int, printer: ExpressionPrinter,
                            targets: TargetIndex, line: (Statement) -> String?) -> [String] {
        let pad = String(repeating: Self.indent, count: indent)
        func nested(_ b: StatementBlock, _ extra: Int) -> [String] {
            printBlock(b, key: key, indent: indent + extra, printer: printer, targets: targets, line: line)
        }
        var out: [String] = []
        for i in targets.statements(in: block, for: key) {
            switch block.statements[i] {
            case .connect, .memoryWrite:
                if let l = line(block.statements[i]) { out.append(pad + l) }
            case .when(var w):
                var keyword = "if"
                while true {
                    out.append("\(pad)\(keyword) (\(printer.rhs(w.condition))) begin  // \(w.loc)")
                    out.append(contentsOf: nested(w.then, 1))
                    guard let o = w.otherwise, targets.contains(o, key) else { out.append("\(pad)end"); break }
                    if o.statements.count == 1, case .when(let next) = o.statements[0] {
                        keyword = "end else if"
                        w = next
                        continue
                    }
                    out.append("\(pad)end else begin")
                    out.append(contentsOf: nested(o, 1))
                    out.append("\(pad)end")
                    break
                }
            case .switchOn(let sw):
                let w = sw.selector.width
                out.append("\(pad)case (\(printer.rhs(sw.selector)))  // \(sw.loc)")
                for c in sw.cases {
                    let labels = c.values.map { ExpressionPrinter.literal($0, width: w, signed: false) }.joined(separator: ", ")
                    out.append("\(pad)\(Self.indent)\(labels): begin")
                    out.append(contentsOf: nested(c.body, 2))
                    out.append("\(pad)\(Self.indent)end")
                }
                out.append("\(pad)\(Self.indent)default: begin")
                if let d = sw.defaultBody { out.append(contentsOf: nested(d, 2)) }
                out.append("\(pad)\(Self.indent)end")
                out.append("\(pad)endcase")
            }
        }
        return out
    }

    /// Whether the statements about `key` read any signal or memory, and whether a
    /// `when` condition or `switch` selector on their path is a constant.
    static func projectionShape(_ block: StatementBlock, _ key: ObjectIdentifier, _ targets: TargetIndex)
        -> (reads: Bool, constantCondition: Bool) {
        func reads(_ n: ExprNode) -> Bool { n.readsState }
        var anyRead = false, constant = false
        func walk(_ b: StatementBlock) {
            for i in targets.statements(in: b, for: key) {
                switch b.statements[i] {
                case .connect(_, let v, _): anyRead = anyRead || reads(v)
                case .memoryWrite(_, let a, let d, _): anyRead = anyRead || reads(a) || reads(d)
                case .when(let w):
                    if reads(w.condition) { anyRead = true } else { constant = true }
                    walk(w.then)
                    if let o = w.otherwise { walk(o) }
                case .switchOn(let sw):
                    if reads(sw.selector) { anyRead = true } else { constant = true }
                    sw.cases.forEach { walk($0.body) }
                    if let d = sw.defaultBody { walk(d) }
                }
            }
        }
        walk(block)
        return (anyRead, constant)
    }

    /// How many times each expression node is referenced, counting each parent once.
    static func useCounts(_ roots: [ExprNode]) -> [ObjectIdentifier: Int] {
        var count: [ObjectIdentifier: Int] = [:]
        func visit(_ n: ExprNode) {
            let id = ObjectIdentifier(n)
            count[id, default: 0] += 1
            if count[id] == 1 { n.args.forEach(visit) }
        }
        roots.forEach(visit)
        return count
    }
}
