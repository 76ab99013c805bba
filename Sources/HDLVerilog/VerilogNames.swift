import HDL

/// The Verilog name of every declaration of one module. The IR's names are
/// already identifier-safe and unique; here Verilog and SystemVerilog keywords
/// get a `_` suffix (`reg` → `reg_`), numbered further if that is taken, ports
/// first so their names are the most predictable. Deterministic.
struct VerilogNames {
    private var names: [ObjectIdentifier: String] = [:]
    private var portNames: [String: String] = [:]

    init(_ m: ModuleDef) {
        var taken = Set(m.ports.map(\.name) + m.signals.map(\.name) + m.memories.map(\.name) + m.instances.map(\.name))
        func escape(_ name: String) -> String {
            guard VerilogKeywords.all.contains(name) else { return name }
            var n = name + "_"
            var k = 1
            while taken.contains(n) || VerilogKeywords.all.contains(n) { n = "\(name)_\(k)"; k += 1 }
            taken.insert(n)
            return n
        }
        for p in m.ports {
            let n = escape(p.name)
            names[ObjectIdentifier(p)] = n
            portNames[p.name] = n
        }
        for s in m.signals { names[ObjectIdentifier(s)] = escape(s.name) }
        for mem in m.memories { names[ObjectIdentifier(mem)] = escape(mem.name) }
        for i in m.instances { names[ObjectIdentifier(i)] = escape(i.name) }
    }

    func of(_ s: SignalDecl) -> String { names[ObjectIdentifier(s)] ?? s.name }
    func of(_ m: MemoryDecl) -> String { names[ObjectIdentifier(m)] ?? m.name }
    func of(_ i: InstanceDecl) -> String { names[ObjectIdentifier(i)] ?? i.name }
    /// The Verilog name of the port the IR calls `name`.
    func port(_ name: String) -> String { portNames[name] ?? name }

    /// A module name as Verilog may spell it.
    static func module(_ name: String) -> String {
        VerilogKeywords.all.contains(name) ? name + "_" : name
    }
}

extension VerilogEmitter {
    /// The name of `top`'s module in the emitted Verilog (and so of its file).
    public static func moduleName(of top: ModuleDef) -> String { VerilogNames.module(top.name) }

    /// The Verilog names of `top`'s ports, in port order (a keyword gets a `_`).
    public static func portNames(of top: ModuleDef) -> [String] {
        let names = VerilogNames(top)
        return top.ports.map(names.of)
    }
}
