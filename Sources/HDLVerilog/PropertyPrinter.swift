import HDL

/// Prints a module's properties and the registers they read (`past`, `propertyReg`) inside one
/// `ifdef FORMAL` region, so the synthesizable RTL (and its lint) is the same
/// with or without them. yosys `read_verilog -formal` reads the immediate
/// `assert`/`assume`/`cover` statements; Verilator reads them with `--assert`.
/// Each statement sits on its own line ending in `// message (File.swift:LINE)`,
/// which is how a simulator's failing-line report finds its Swift source.
struct PropertyPrinter {
    let module: ModuleDef
    let names: VerilogNames
    /// Names already used in the module (temporaries here take fresh ones).
    let taken: NameTable

    private static let indent = "    "

    /// The FORMAL region; `registers` prints the property registers' `always` blocks with the given printer.
    func print(registers: (ExpressionPrinter) -> [String]) -> [String] {
        let m = module
        let stateful = m.signals.filter(\.isVerificationOnly)
        guard !m.properties.isEmpty || !stateful.isEmpty else { return [] }
        var roots: [ExprNode] = []
        StatementWalk.visit(m.body) { event, conditions in
            if case .connect(let t, let v, _) = event, t.isVerificationOnly { roots += [v] + conditions }
        }
        for s in stateful { if let r = s.registerInfo?.reset { roots.append(r) } }
        for p in m.properties { roots += [p.enable, p.condition] }
        let printer = ExpressionPrinter(useCount: ModulePrinter.useCounts(roots), names: taken, declarations: names)
        let i1 = Self.indent, i2 = i1 + i1, i3 = i2 + i1
        var body = registers(printer)
        if !m.properties.isEmpty {
            let gated = m.reset != nil
            body.append(m.clock.map { "\(i1)always @(posedge \(names.of($0))) begin" } ?? "\(i1)always @* begin")
            if let r = m.reset { body.append("\(i2)if (!\(names.of(r))) begin") }
            let pad = gated ? i3 : i2
            for p in m.properties {
                printer.hint = "prop"
                let check = "\(p.kind.rawValue) (\(printer.rhs(p.condition)));"
                let enabled = p.enable.constantWords.map { $0 != [0] }
                let statement: String
                switch enabled {
                case true?: statement = check
                case false?: statement = "if (1'b0) \(check)"
                case nil: statement = "if (\(printer.rhs(p.enable))) \(check)"
                }
                body.append("\(pad)\(statement)  // \(Self.comment(p.message)) (\(p.loc))")
            }
            if gated { body.append("\(i2)end") }
            body.append("\(i1)end")
        }
        var out = ["`ifdef FORMAL", "\(i1)// Properties: yosys read_verilog -formal, Verilator --assert. Not part of the design."]
        for s in stateful {
            let sign = s.signed ? " signed" : ""
            out.append("\(i1)reg\(sign) \(ExpressionPrinter.range(s.width))\(names.of(s));  // \(s.loc)")
        }
        out += printer.temporaries.map { i1 + $0 }
        return out + body + ["`endif  // FORMAL"]
    }

    /// `text` fit for a one-line comment.
    static func comment(_ text: String) -> String {
        text.map { $0.isNewline ? " " : $0 }.reduce(into: "") { $0.append($1) }
    }
}
