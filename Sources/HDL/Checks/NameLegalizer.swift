/// Gives every port, signal, memory and instance of a module an identifier-safe,
/// unique name, deterministically and for any target language: characters other
/// than ASCII letters, digits and `_` become `_`, a leading digit gets a `_`
/// prefix, and a later internal name that collides with an earlier one gets
/// `_1`, `_2`, ... Colliding port names are an error. A back end's own reserved
/// words are its business (the Verilog back end suffixes keywords with `_`).
enum NameLegalizer {
    /// The identifier-safe form of `name` (characters only; no uniqueness).
    static func legal(_ name: String) -> String {
        var s = String(name.map { c -> Character in
            (c.isASCII && (c.isLetter || c.isNumber)) || c == "_" ? c : "_"
        })
        if s.isEmpty { s = "_" }
        if let f = s.first, f.isNumber { s = "_" + s }
        return s
    }

    static func legalize(_ m: ModuleDef) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var taken = Set<String>()
        for p in m.ports {
            let n = legal(p.requestedName)
            if taken.contains(n) {
                let implicit = [m.clock?.name, m.reset?.name].contains(n)
                let what = implicit ? " (\(ModuleBuilder.clockName) and \(ModuleBuilder.resetName) are the implicit clock and reset)" : ""
                diagnostics.append(Diagnostic(.nameCollision, "port name '\(n)' is used twice\(what)", module: m.name,
                                              signal: p.requestedName, loc: p.loc))
            }
            taken.insert(n)
            p.name = n
        }
        func unique(_ requested: String) -> String {
            let base = legal(requested)
            var n = base
            var k = 1
            while taken.contains(n) { n = "\(base)_\(k)"; k += 1 }
            taken.insert(n)
            return n
        }
        for s in m.signals { s.name = unique(s.requestedName) }
        for mem in m.memories { mem.name = unique(mem.requestedName) }
        for i in m.instances { i.name = unique(i.requestedName) }
        return diagnostics
    }
}
