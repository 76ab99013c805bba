/// A child instance handle returned by `ModuleBuilder.instance`.
public struct Instance {
    let builder: ModuleBuilder
    /// The IR declaration.
    public let decl: InstanceDecl

    func port<T: Hardware>(_ name: String, input: Bool, loc: SourceLoc) -> T {
        guard let p = decl.ports.first(where: { portName($0) == name }),
              portIsInput(p) == input else {
            let known = decl.ports.filter { portIsInput($0) == input }.map(portName).joined(separator: ", ")
            builder.error(.unknownPort, "module '\(decl.module.name)' has no \(input ? "input" : "output") port '\(name)' "
                          + "(its \(input ? "inputs" : "outputs"): \(known))", signal: name, at: loc)
            return T(node: .poison(.unknownPort, "unknown port '\(name)'", width: 1, signed: T.isSigned))
        }
        if p.signed != T.isSigned {
            builder.error(.typeMismatch, "port '\(name)' of '\(decl.module.name)' is \(p.signed ? "signed" : "unsigned")",
                          signal: name, at: loc)
        }
        return T(node: p.ref)
    }

    func portName(_ s: SignalDecl) -> String {
        switch s.kind {
        case .instanceInput(_, let port), .instanceOutput(_, let port): return port
        default: return s.requestedName
        }
    }

    func portIsInput(_ s: SignalDecl) -> Bool {
        if case .instanceInput = s.kind { return true }
        return false
    }

    /// The child's input `name`, to drive with `assign`.
    public func input<T: Hardware>(_ name: String, as type: T.Type = T.self, file: StaticString = #fileID, line: UInt = #line) -> T {
        port(name, input: true, loc: SourceLoc(file: file, line: line))
    }

    /// The child's output `name`, to read.
    public func output<T: Hardware>(_ name: String, as type: T.Type = T.self, file: StaticString = #fileID, line: UInt = #line) -> T {
        port(name, input: false, loc: SourceLoc(file: file, line: line))
    }
}
