/// Where a port declaration lands: on the module being built (it declares the
/// ports), on an instance of that module in a parent (it binds the child's
/// ports, checked against the child), or on an elaborated module (it reads its
/// ports back, e.g. for a simulator to poke and peek). A block states its ports
/// once, as a function of a `PortMaker` to a typed value, and every side uses
/// that one function, so the three cannot disagree:
///
///     struct QuantizerPorts { let thr: TableWritePort<HSInt>; let inValid: HBool; ... }
///     func ports(_ p: PortMaker) -> QuantizerPorts { ... p.input("in_valid", .bool) ... }
///
///     let io = m.ports(ports)                           // inside the block's build
///     let q = m.instance(try quantizer.component(), "q") // in a parent: q.inValid.assign(...)
public struct PortMaker {
    enum Target {
        case declare(ModuleBuilder)
        case instance(Instance)
        case module(ModuleDef)
    }
    let target: Target

    /// Input `name` of shape `spec`: read inside the module, driven by a parent.
    public func input<S: HardwareSpec>(_ name: String, _ spec: S, file: StaticString = #fileID, line: UInt = #line) -> S.Value {
        port(name, spec, input: true, loc: SourceLoc(file: file, line: line))
    }

    /// Output `name` of shape `spec`: driven inside the module, read by a parent.
    public func output<S: HardwareSpec>(_ name: String, _ spec: S, file: StaticString = #fileID, line: UInt = #line) -> S.Value {
        port(name, spec, input: false, loc: SourceLoc(file: file, line: line))
    }

    /// The same declarations with every port name prefixed `prefix_` (for bundles).
    public func prefixed(_ prefix: String) -> PrefixedPortMaker { PrefixedPortMaker(maker: self, prefix: prefix) }

    private func port<S: HardwareSpec>(_ name: String, _ spec: S, input: Bool, loc: SourceLoc) -> S.Value {
        switch target {
        case .declare(let m):
            return input ? m.input(name, spec, loc: loc) : m.output(name, spec, loc: loc)
        case .instance(let inst):
            let value: S.Value = inst.port(name, input: input, loc: loc)
            if value.width != spec.width, value.node.error == nil {
                inst.builder.error(.widthMismatch, "port '\(name)' of '\(inst.decl.module.name)' is \(value.width) bits; "
                                   + "its ports declaration says \(spec.width)", signal: name, at: loc)
            }
            return value
        case .module(let def):
            guard let decl = def.ports.first(where: { $0.requestedName == name && $0.isInput == input }) else {
                preconditionFailure("\(loc): module '\(def.name)' has no \(input ? "input" : "output") '\(name)' "
                                    + "(its ports declaration and its build disagree)")
            }
            return S.Value(node: decl.ref)
        }
    }
}

/// Port declarations under a common name prefix: `p.prefixed("tab").input("we", .bool)` is port `tab_we`.
public struct PrefixedPortMaker {
    let maker: PortMaker
    let prefix: String

    /// Input `<prefix>_<name>`.
    public func input<S: HardwareSpec>(_ name: String, _ spec: S, file: StaticString = #fileID, line: UInt = #line) -> S.Value {
        maker.input("\(prefix)_\(name)", spec, file: file, line: line)
    }

    /// Output `<prefix>_<name>`.
    public func output<S: HardwareSpec>(_ name: String, _ spec: S, file: StaticString = #fileID, line: UInt = #line) -> S.Value {
        maker.output("\(prefix)_\(name)", spec, file: file, line: line)
    }
}

/// An elaborated module together with its ports declaration: what a parent
/// instantiates with typed ports and what a simulator reads typed ports from.
public struct TypedModule<Ports> {
    /// The elaborated module.
    public let def: ModuleDef
    let declare: (PortMaker) -> Ports

    public init(_ def: ModuleDef, ports declare: @escaping (PortMaker) -> Ports) {
        self.def = def
        self.declare = declare
    }

    /// The module's own ports, typed (each field refers to the top's port).
    public var ports: Ports { declare(PortMaker(target: .module(def))) }
}

extension ModuleBuilder {
    /// Declares this module's ports from `declare` and returns them typed.
    public func ports<P>(_ declare: (PortMaker) -> P) -> P { declare(PortMaker(target: .declare(self))) }

    /// Freezes the module (see `build()`) together with its ports declaration.
    public func build<P>(ports declare: @escaping (PortMaker) -> P, file: StaticString = #fileID, line: UInt = #line) throws -> TypedModule<P> {
        TypedModule(try build(file: file, line: line), ports: declare)
    }

    /// An instance of `child` named `name`, its ports typed: assign the child's
    /// inputs, read its outputs.
    public func instance<P>(_ child: TypedModule<P>, _ name: String, file: StaticString = #fileID, line: UInt = #line) -> P {
        child.declare(PortMaker(target: .instance(instance(child.def, name, file: file, line: line))))
    }

    func input<S: HardwareSpec>(_ name: String, _ spec: S, loc: SourceLoc) -> S.Value {
        S.Value(node: declare(name, .input, width: spec.width, signed: S.Value.isSigned, loc: loc).ref)
    }

    func output<S: HardwareSpec>(_ name: String, _ spec: S, loc: SourceLoc) -> S.Value {
        S.Value(node: declare(name, .output, width: spec.width, signed: S.Value.isSigned, loc: loc).ref)
    }
}
