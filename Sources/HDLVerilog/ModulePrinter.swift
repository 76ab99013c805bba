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

    private static let indent = "    "

    func print() -> String {
        let m = module
        let names = NameTable(Set(m.ports.map(\.name) + m.signals.map(\.name) + m.memories.map(\.name) + m.instances.map(\.name)))
        let uses = Self.useCounts(m)
        let printer = ExpressionPrinter(useCount: uses, names: names)
        let targets = TargetIndex(m.body)

        // Which combinational targets take one plain `assign`.
        var plainAssign: [ObjectIdentifier: (ExprNode, SourceLoc)] = [:]
        for s in m.body.statements {
            if case .connect(let t, let v, let loc) = s, !t.isRegister, targets.count(of: t) == 1 {
                plainAssign[ObjectIdentifier(t)] = (v, loc)
            }
        }
        func isProcedural(_ s: SignalDecl) -> Bool {
            if case .instanceOutput = s.kind { return false }  // driven by the instance's port
            return !s.isRegister && plainAssign[ObjectIdentifier(s)] == nil && !s.isInput
        }

        var body: [String] = []
        let i1 = Self.indent
        // Continuous assigns and combinational always blocks, then registers, memories, instances.
        for s in m.ports + m.signals {
            switch s.kind {
            case .input, .instanceOutput, .register: continue
            default: break
            }
            printer.hint = s.name
            if let (v, loc) = plainAssign[ObjectIdentifier(s)] {
                body.append("\(i1)assign \(s.name) = \(printer.rhs(v));  // \(loc)")
            } else {
                let lines = printBlock(m.body, indent: 2, printer: printer, targets: targets) { stmt in
                    if case .connect(let t, let v, let loc) = stmt, t === s {
                        return "\(s.name) = \(printer.rhs(v));  // \(loc)"
                    }
                    return nil
                } relevant: { $0.contains(s) }
                body.append("\(i1)always @* begin  // \(s.name), \(s.loc)")
                body.append(contentsOf: lines)
                body.append("\(i1)end")
            }
        }
        for s in m.signals {
            guard let info = s.registerInfo else { continue }
            printer.hint = s.name
            var lines = printBlock(m.body, indent: 2, printer: printer, targets: targets) { stmt in
                if case .connect(let t, let v, let loc) = stmt, t === s {
                    return "\(s.name) <= \(printer.rhs(v));  // \(loc)"
                }
                return nil
            } relevant: { $0.contains(s) }
            if let en = info.enable {
                lines = ["\(i1)\(i1)if (\(printer.rhs(en))) begin"] + lines.map { i1 + $0 } + ["\(i1)\(i1)end"]
            }
            body.append("\(i1)always @(posedge clk) begin  // \(s.name), \(s.loc)")
            if let r = info.reset {
                body.append("\(i1)\(i1)if (rst) begin")
                body.append("\(i1)\(i1)\(i1)\(s.name) <= \(printer.rhs(r));")
                body.append("\(i1)\(i1)end else begin")
                body.append(contentsOf: lines.map { i1 + $0 })
                body.append("\(i1)\(i1)end")
            } else {
                body.append(contentsOf: lines)
            }
            body.append("\(i1)end")
        }
        for mem in m.memories {
            printer.hint = mem.name
            let lines = printBlock(m.body, indent: 2, printer: printer, targets: targets) { stmt in
                if case .memoryWrite(let d, let addr, let data, let loc) = stmt, d === mem {
                    return "\(mem.name)[\(printer.rhs(addr))] <= \(printer.rhs(data));  // \(loc)"
                }
                return nil
            } relevant: { $0.containsWrite(mem) }
            body.append("\(i1)always @(posedge clk) begin  // \(mem.name) write, \(mem.loc)")
            body.append(contentsOf: lines)
            body.append("\(i1)end")
        }
        for inst in m.instances {
            var conns: [String] = []
            if inst.module.hasClock { conns.append(".clk(clk)") }
            if inst.module.hasReset { conns.append(".rst(rst)") }
            for p in inst.ports {
                switch p.kind {
                case .instanceInput(_, let port), .instanceOutput(_, let port): conns.append(".\(port)(\(p.name))")
                default: break
                }
            }
            let child = childNames[ObjectIdentifier(inst.module)] ?? inst.module.name
            body.append("\(i1)\(child) \(inst.name) (  // \(inst.loc)")
            body.append(conns.enumerated().map { "\(i1)\(i1)\($1)\($0 == conns.count - 1 ? "" : ",")" }.joined(separator: "\n"))
            body.append("\(i1));")
        }

        // Declarations (after printing, so hoisted temporaries are known).
        let unread = UsageAnalysis.partlyUnread(m)
        func lintWrapped(_ decl: String, _ s: SignalDecl) -> String {
            unread.contains(ObjectIdentifier(s))
                ? "\(i1)/* verilator lint_off UNUSED */\n\(decl)\n\(i1)/* verilator lint_on UNUSED */" : decl
        }
        var out: [String] = []
        out.append(header())
        out.append("module \(verilogName) (")
        let portLines = m.ports.enumerated().map { (k, p) -> String in
            let dir = p.isInput ? "input  wire" : (isProcedural(p) ? "output reg " : "output wire")
            let sign = p.signed ? " signed" : ""
            let comma = k == m.ports.count - 1 ? "" : ","
            return lintWrapped("\(i1)\(dir)\(sign) \(ExpressionPrinter.range(p.width))\(p.name)\(comma)", p)
        }
        out.append(contentsOf: portLines)
        out.append(");")
        for s in m.signals {
            let kind = (s.isRegister || isProcedural(s)) ? "reg " : "wire"
            let sign = s.signed ? " signed" : ""
            out.append(lintWrapped("\(i1)\(kind)\(sign) \(ExpressionPrinter.range(s.width))\(s.name);  // \(s.loc)", s))
        }
        let readMemories = UsageAnalysis.memoriesRead(m)
        for mem in m.memories {
            let sign = mem.signed ? " signed" : ""
            let decl = "\(i1)reg\(sign) \(ExpressionPrinter.range(mem.width))\(mem.name) [0:\(mem.depth - 1)];  // \(mem.loc)"
            out.append(readMemories.contains(ObjectIdentifier(mem))
                       ? decl : "\(i1)/* verilator lint_off UNUSED */\n\(decl)\n\(i1)/* verilator lint_on UNUSED */")
        }
        if !printer.temporaries.isEmpty {
            out.append("")
            out.append(contentsOf: printer.temporaries.map { i1 + $0 })
        }
        out.append("")
        out.append(contentsOf: body)
        out.append("endmodule")
        return out.joined(separator: "\n") + "\n"
    }

    private func header() -> String {
        var h = "// \(verilogName)"
        if let d = module.doc { h += ": " + d.split(separator: "\n").joined(separator: "\n// ") }
        h += "\n// Generated from \(module.loc)."
        if !module.parameters.isEmpty {
            h += "\n// Parameters: " + module.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        }
        if let l = module.latency { h += "\n// Latency: \(l) cycle\(l == 1 ? "" : "s")" }
        return h
    }

    /// Lines of `block` projected onto the statements `line` accepts, with the
    /// `if`/`case` structure around them; empty when nothing relevant is inside.
    private func printBlock(_ block: StatementBlock, indent: Int, printer: ExpressionPrinter, targets: TargetIndex,
                            line: (Statement) -> String?, relevant: (TargetIndex.Entry) -> Bool) -> [String] {
        let pad = String(repeating: Self.indent, count: indent)
        var out: [String] = []
        for s in block.statements {
            switch s {
            case .connect, .memoryWrite:
                if let l = line(s) { out.append(pad + l) }
            case .when(var w):
                guard relevant(targets.entry(w.then)) || w.otherwise.map({ relevant(targets.entry($0)) }) == true else { continue }
                var keyword = "if"
                while true {
                    let thenLines = printBlock(w.then, indent: indent + 1, printer: printer, targets: targets, line: line, relevant: relevant)
                    out.append("\(pad)\(keyword) (\(printer.rhs(w.condition))) begin  // \(w.loc)")
                    out.append(contentsOf: thenLines)
                    guard let o = w.otherwise, relevant(targets.entry(o)) else { out.append("\(pad)end"); break }
                    if o.statements.count == 1, case .when(let next) = o.statements[0] {
                        keyword = "end else if"
                        w = next
                        continue
                    }
                    out.append("\(pad)end else begin")
                    out.append(contentsOf: printBlock(o, indent: indent + 1, printer: printer, targets: targets, line: line, relevant: relevant))
                    out.append("\(pad)end")
                    break
                }
            case .switchOn(let sw):
                let any = sw.cases.contains { relevant(targets.entry($0.body)) } || sw.defaultBody.map { relevant(targets.entry($0)) } == true
                guard any else { continue }
                let w = sw.selector.width
                out.append("\(pad)case (\(printer.rhs(sw.selector)))  // \(sw.loc)")
                for c in sw.cases {
                    let labels = c.values.map { ExpressionPrinter.literal($0, width: w, signed: false) }.joined(separator: ", ")
                    out.append("\(pad)\(Self.indent)\(labels): begin")
                    out.append(contentsOf: printBlock(c.body, indent: indent + 2, printer: printer, targets: targets, line: line, relevant: relevant))
                    out.append("\(pad)\(Self.indent)end")
                }
                out.append("\(pad)\(Self.indent)default: begin")
                if let d = sw.defaultBody {
                    out.append(contentsOf: printBlock(d, indent: indent + 2, printer: printer, targets: targets, line: line, relevant: relevant))
                }
                out.append("\(pad)\(Self.indent)end")
                out.append("\(pad)endcase")
            }
        }
        return out
    }

    /// How many times each expression node is referenced, counting each parent once.
    static func useCounts(_ m: ModuleDef) -> [ObjectIdentifier: Int] {
        var count: [ObjectIdentifier: Int] = [:]
        func visit(_ n: ExprNode) {
            let id = ObjectIdentifier(n)
            count[id, default: 0] += 1
            if count[id] == 1 { n.args.forEach(visit) }
        }
        UsageAnalysis.roots(m).forEach(visit)
        return count
    }
}

/// For each statement block, the signals connected and memories written inside it.
final class TargetIndex {
    struct Entry {
        let signals: Set<ObjectIdentifier>
        let memories: Set<ObjectIdentifier>
        func contains(_ s: SignalDecl) -> Bool { signals.contains(ObjectIdentifier(s)) }
        func containsWrite(_ m: MemoryDecl) -> Bool { memories.contains(ObjectIdentifier(m)) }
    }
    private var entries: [ObjectIdentifier: Entry] = [:]
    private var counts: [ObjectIdentifier: Int] = [:]

    init(_ root: StatementBlock) {
        _ = build(root)
    }

    private func build(_ b: StatementBlock) -> Entry {
        var sigs = Set<ObjectIdentifier>()
        var mems = Set<ObjectIdentifier>()
        for s in b.statements {
            switch s {
            case .connect(let t, _, _):
                sigs.insert(ObjectIdentifier(t))
                counts[ObjectIdentifier(t), default: 0] += 1
            case .memoryWrite(let m, _, _, _): mems.insert(ObjectIdentifier(m))
            case .when(let w):
                let e = build(w.then)
                sigs.formUnion(e.signals); mems.formUnion(e.memories)
                if let o = w.otherwise { let e2 = build(o); sigs.formUnion(e2.signals); mems.formUnion(e2.memories) }
            case .switchOn(let sw):
                for c in sw.cases { let e = build(c.body); sigs.formUnion(e.signals); mems.formUnion(e.memories) }
                if let d = sw.defaultBody { let e = build(d); sigs.formUnion(e.signals); mems.formUnion(e.memories) }
            }
        }
        let e = Entry(signals: sigs, memories: mems)
        entries[ObjectIdentifier(b)] = e
        return e
    }

    func entry(_ b: StatementBlock) -> Entry { entries[ObjectIdentifier(b)]! }
    /// Number of connections to `s` anywhere in the module.
    func count(of s: SignalDecl) -> Int { counts[ObjectIdentifier(s)] ?? 0 }
}
