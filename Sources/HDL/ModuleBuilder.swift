import BitVector

/// Builds one module: declare ports, wires, registers, memories and instances,
/// connect them under `when`/`switch`, then `build()` checks and freezes it.
///
/// A generator is a plain Swift function that makes a builder, describes the
/// hardware from its parameters and returns `try builder.build()`.
/// `clk` and `rst` are implicit: they become ports when the module (or a child)
/// has a register or memory, and are wired to children automatically.
public final class ModuleBuilder {
    public let name: String
    public let loc: SourceLoc
    /// Generator parameters, recorded in the manifest and in the Verilog header.
    public var parameters: [(name: String, value: String)] = []
    /// Facts about the module for the header comment and the manifest (`annotate`).
    public var annotations: [Annotation] = []
    /// A description printed in the Verilog header.
    public var doc: String?

    var ports: [SignalDecl] = []
    var signals: [SignalDecl] = []
    var memories: [MemoryDecl] = []
    var instances: [InstanceDecl] = []
    let body = StatementBlock()
    var blockStack: [StatementBlock]
    /// For each open block, the condition under which its statements run.
    var guardStack: [LazyCondition] = [LazyCondition(ConstantFolding.bool(true))]
    var properties: [Property] = []
    /// One-edge delays made by `past()`, by the node they delay (shared, so two
    /// properties looking at the same value share its history registers).
    var pastOf: [ObjectIdentifier: (source: ExprNode, delayed: ExprNode)] = [:]
    /// For each such delay: the signal it started from and how many edges back it is.
    var pastDepth: [ObjectIdentifier: (base: String, depth: Int)] = [:]
    var diagnostics: [Diagnostic] = []
    /// Signals whose assignment was rejected (so they are not also reported undriven).
    var rejectedTargets = Set<ObjectIdentifier>()
    var needsClock = false
    var needsReset = false
    /// The implicit reset port (a port only when `needsReset`).
    lazy var resetDecl = SignalDecl(name: Self.resetName, kind: .input, width: 1, signed: false, loc: loc, owner: self)
    /// The checked module and where `build()` made it; once set, the builder
    /// refuses every further declaration and statement.
    private var built: (def: ModuleDef, loc: SourceLoc)?
    /// Changes refused after `build()`; a later `build()` throws them.
    private var lateChanges: [Diagnostic] = []

    /// Whether `build()` has succeeded (the module is frozen).
    public var isBuilt: Bool { built != nil }

    /// True (and the change recorded as an error) when the module is already
    /// built: a checked `ModuleDef` must not change behind its checks.
    func refuseAfterBuild(_ what: String, at loc: SourceLoc) -> Bool {
        guard let b = built else { return false }
        lateChanges.append(Diagnostic(.changedAfterBuild, "\(what) after the module was built at \(b.loc); "
                                      + "build() freezes a module, so make every change before it (or start a new ModuleBuilder)",
                                      module: name, loc: loc))
        return true
    }

    /// Names of the implicit clock and reset ports (SPEC: one clock `clk`, reset `rst`).
    public static let clockName = "clk"
    public static let resetName = "rst"

    public init(_ name: String, file: StaticString = #fileID, line: UInt = #line) {
        self.name = name
        self.loc = SourceLoc(file: file, line: line)
        self.blockStack = [body]
    }

    func error(_ kind: Diagnostic.Kind, _ message: String, signal: String? = nil, at loc: SourceLoc?) {
        diagnostics.append(Diagnostic(kind, message, module: name, signal: signal, loc: loc))
    }

    var currentBlock: StatementBlock { blockStack[blockStack.count - 1] }
    /// The condition under which statements of the open block run.
    var currentGuard: ExprNode { guardStack[guardStack.count - 1].node }

    func declare(_ name: String, _ kind: SignalDecl.Kind, width: Int, signed: Bool, loc: SourceLoc) -> SignalDecl {
        let late = refuseAfterBuild("declaring '\(name)'", at: loc)
        if width < 1 {
            error(.zeroWidth, "signal '\(name)' has width \(width); widths start at 1", signal: name, at: loc)
        }
        let d = SignalDecl(name: name, kind: kind, width: max(width, 1), signed: signed, loc: loc, owner: self)
        if late { return d }
        switch kind {
        case .input, .output: ports.append(d)
        default: signals.append(d)
        }
        return d
    }

    // MARK: Declarations

    /// An input port.
    public func input<S: HardwareSpec>(_ name: String, _ spec: S, file: StaticString = #fileID, line: UInt = #line) -> S.Value {
        input(name, spec, loc: SourceLoc(file: file, line: line))
    }

    /// An output port; drive it with `assign`.
    public func output<S: HardwareSpec>(_ name: String, _ spec: S, file: StaticString = #fileID, line: UInt = #line) -> S.Value {
        output(name, spec, loc: SourceLoc(file: file, line: line))
    }

    /// A combinational wire; every path must assign it (otherwise a latch would be inferred).
    public func wire<S: HardwareSpec>(_ name: String, _ spec: S, file: StaticString = #fileID, line: UInt = #line) -> S.Value {
        S.Value(node: declare(name, .wire, width: spec.width, signed: S.Value.isSigned, loc: SourceLoc(file: file, line: line)).ref)
    }

    /// A named wire holding `value`, whatever `when` block is open: names an
    /// intermediate so it shows in the Verilog and in waveforms. A constant stays
    /// a constant (so it keeps folding into the logic that reads it).
    public func node<T: Hardware>(_ name: String, _ value: T, file: StaticString = #fileID, line: UInt = #line) -> T {
        if value.node.constantWords != nil { return value }
        let loc = SourceLoc(file: file, line: line)
        let d = declare(name, .wire, width: value.width, signed: T.isSigned, loc: loc)
        connect(d, value.node, loc: loc, block: body)
        return T(node: d.ref)
    }

    /// A register clocked by `clk`. With `reset`, it loads that value while `rst` is 1;
    /// with `enable`, it only updates in cycles where `enable` is 1. Unassigned paths hold.
    public func reg<S: HardwareSpec>(_ name: String, _ spec: S, reset: Int? = nil, enable: HBool? = nil,
                                     file: StaticString = #fileID, line: UInt = #line) -> S.Value {
        let loc = SourceLoc(file: file, line: line)
        let resetNode = resetConstant(reset, name: name, width: spec.width, signed: S.Value.isSigned, loc: loc)
        if let e = enable?.node.error {
            error(e.kind, "enable of register '\(name)': \(e.message)", signal: name, at: loc)
        }
        needsClock = true
        let d = declare(name, .register(RegisterInfo(reset: resetNode, enable: enable?.node)),
                        width: spec.width, signed: S.Value.isSigned, loc: loc)
        return S.Value(node: d.ref)
    }

    /// A register that holds `next` one cycle later: `reg` plus an unconditional assign.
    public func delayed<T: Hardware>(_ name: String, _ next: T, reset: Int? = nil, enable: HBool? = nil,
                                     file: StaticString = #fileID, line: UInt = #line) -> T {
        let r = reg(name, SpecOf<T>(width: next.width), reset: reset, enable: enable, file: file, line: line)
        connect(r.node.signalDecl!, next.node, loc: SourceLoc(file: file, line: line), block: body)
        return r
    }

    /// `value` through `cycles` registers in a row: each stage's register, in order (none
    /// for 0). Stage k is named `name` for k = 1, else `name` + k, counting from `first`
    /// (2 continues an existing `name` register: `name`2, `name`3, ...).
    public func delayLine<T: Hardware>(_ name: String, _ value: T, cycles: Int, from first: Int = 1, reset: Int? = nil,
                                       file: StaticString = #fileID, line: UInt = #line) -> [T] {
        var stages: [T] = []
        for k in first..<(first + max(0, cycles)) {
            stages.append(delayed(k == 1 ? name : "\(name)\(k)", stages.last ?? value, reset: reset, file: file, line: line))
        }
        return stages
    }

    /// A pipeline stage a parameter switches on or off: a register named `name` holding
    /// `next` a cycle later when `registered`, else a wire of that name holding it now,
    /// so the name is in the Verilog and the waveforms either way.
    public func stage<T: Hardware>(_ name: String, _ next: T, registered: Bool, reset: Int? = nil, enable: HBool? = nil,
                                   file: StaticString = #fileID, line: UInt = #line) -> T {
        registered ? delayed(name, next, reset: reset, enable: enable, file: file, line: line) : node(name, next, file: file, line: line)
    }

    /// The constant a register resets to (nil for no reset); reports a value that does not fit.
    func resetConstant(_ value: Int?, name: String, width: Int, signed: Bool, loc: SourceLoc) -> ExprNode? {
        guard let r = value else { return nil }
        needsReset = true
        guard BitVector.fits(r, width: width, signed: signed) else {
            error(.literalTooWide, "reset value \(r) of register '\(name)' does not fit in \(width) bits", signal: name, at: loc)
            return nil
        }
        return .constant(BitVector(r, width: width).words, width: width, signed: signed)
    }

    // MARK: Connections

    /// Record `target <= value` in the open block (or `block`), checking widths and drivability.
    func connect(_ target: SignalDecl, _ value: ExprNode, loc: SourceLoc, block: StatementBlock? = nil) {
        if refuseAfterBuild("assigning '\(target.requestedName)'", at: loc) { return }
        let b = block ?? currentBlock
        guard let problem = connectionProblem(target, value, block: b) else {
            b.statements.append(.connect(target, value, loc))
            b.connected[ObjectIdentifier(target)] = loc
            return
        }
        rejectedTargets.insert(ObjectIdentifier(target))
        error(problem.0, problem.1, signal: target.requestedName, at: loc)
    }

    /// Why `target <= value` cannot be recorded in `block`, if it cannot.
    private func connectionProblem(_ target: SignalDecl, _ value: ExprNode, block b: StatementBlock) -> (Diagnostic.Kind, String)? {
        let name = target.requestedName
        if let e = value.error { return (e.kind, "in value assigned to '\(name)': \(e.message)") }
        guard target.owner === self else {
            return (.illegalDrive, "'\(name)' belongs to module '\(target.owner?.name ?? "?")' and cannot be driven here")
        }
        switch target.kind {
        case .input: return (.illegalDrive, "input port '\(name)' cannot be driven inside its module")
        case .instanceOutput(let inst, let port):
            return (.illegalDrive, "output '\(port)' of instance '\(inst.requestedName)' cannot be driven by the parent")
        default: break
        }
        if value.width != target.width {
            return (.widthMismatch, "assigning a \(value.width)-bit value to '\(name)' (\(target.width) bits); "
                    + "use .resized(to:) or .bits(hi, lo) to say which bits")
        }
        if value.signed != target.signed {
            return (.typeMismatch, "assigning a \(value.signed ? "signed" : "unsigned") value to \(target.signed ? "signed" : "unsigned") '\(name)'")
        }
        if let otherLoc = b.connected[ObjectIdentifier(target)] {
            return (.multipleDrivers, "'\(name)' is already driven at \(otherLoc) in the same block")
        }
        return nil
    }

    func checkCondition(_ c: ExprNode, _ what: String, loc: SourceLoc) -> Bool {
        if let e = c.error {
            error(e.kind, "in \(what) condition: \(e.message)", at: loc)
            return false
        }
        return true
    }

    /// Runs `body` with `block` open; `condition` (within the open block) is when it
    /// runs. The block's full guard is built only if a property inside asks for it.
    func withBlock(_ block: StatementBlock, condition: LazyCondition, _ body: () -> Void) {
        blockStack.append(block)
        let outer = guardStack[guardStack.count - 1]
        guardStack.append(LazyCondition { LoweredModule.and(outer.node, condition.node) })
        body()
        guardStack.removeLast()
        blockStack.removeLast()
    }

    // MARK: when / switch

    /// Statements in `body` take effect only while `condition` is 1. Chain
    /// `.elsewhen` and `.otherwise` on the result. Later assignments win over
    /// earlier ones in enclosing blocks (a default, then an override).
    @discardableResult
    public func when(_ condition: HBool, file: StaticString = #fileID, line: UInt = #line, _ body: () -> Void) -> WhenChain {
        let loc = SourceLoc(file: file, line: line)
        let ok = checkCondition(condition.node, "when", loc: loc)
        let stmt = WhenStatement(condition: ok ? condition.node : HBool(false).node, then: StatementBlock(), loc: loc)
        if !refuseAfterBuild("a `when`", at: loc) { currentBlock.statements.append(.when(stmt)) }
        withBlock(stmt.then, condition: LazyCondition(stmt.condition), body)
        let taken = stmt.condition
        return WhenChain(builder: self, last: stmt, noneBefore: LazyCondition { LoweredModule.not(taken) })
    }

    /// A `case` statement on `selector`: `s.is(values) { ... }` arms and `s.otherwise { ... }`.
    public func switchOn(_ selector: HUInt, file: StaticString = #fileID, line: UInt = #line, _ body: (SwitchCases) -> Void) {
        let loc = SourceLoc(file: file, line: line)
        let ok = checkCondition(selector.node, "switch", loc: loc)
        let stmt = SwitchStatement(selector: ok ? selector.node : HUInt(0, width: selector.width).node, loc: loc)
        if !refuseAfterBuild("a `switchOn`", at: loc) { currentBlock.statements.append(.switchOn(stmt)) }
        body(SwitchCases(builder: self, statement: stmt))
    }

    // MARK: Memories and instances

    /// A memory of `depth` words: `write` is synchronous, `read` asynchronous, `readSync` registered.
    public func memory<S: HardwareSpec>(_ name: String, _ spec: S, depth: Int,
                                        file: StaticString = #fileID, line: UInt = #line) -> Memory<S.Value> {
        let loc = SourceLoc(file: file, line: line)
        if depth < 1 { error(.illegalParameter, "memory '\(name)' has depth \(depth); it must be at least 1", signal: name, at: loc) }
        if spec.width < 1 { error(.zeroWidth, "memory '\(name)' has word width \(spec.width)", signal: name, at: loc) }
        let d = MemoryDecl(name: name, depth: max(depth, 1), width: max(spec.width, 1), signed: S.Value.isSigned, loc: loc)
        if refuseAfterBuild("declaring memory '\(name)'", at: loc) { return Memory(builder: self, decl: d) }
        memories.append(d)
        needsClock = true
        return Memory(builder: self, decl: d)
    }

    /// An instance of `module` named `name`; reach its ports with `input`/`output`.
    public func instance(_ module: ModuleDef, _ name: String, file: StaticString = #fileID, line: UInt = #line) -> Instance {
        let loc = SourceLoc(file: file, line: line)
        let inst = InstanceDecl(name: name, module: module, loc: loc)
        if refuseAfterBuild("instantiating '\(name)'", at: loc) { return Instance(builder: self, decl: inst) }
        for p in module.ports where p !== module.clock && p !== module.reset {
            let kind: SignalDecl.Kind = p.isInput ? .instanceInput(inst, port: p.name) : .instanceOutput(inst, port: p.name)
            inst.ports.append(declare("\(name)_\(p.name)", kind, width: p.width, signed: p.signed, loc: loc))
        }
        if module.hasClock { needsClock = true }
        if module.hasReset { needsReset = true }
        instances.append(inst)
        return Instance(builder: self, decl: inst)
    }

    // MARK: Build

    /// Run every check and freeze the module. Throws `ElaborationError` listing all
    /// problems. A second `build()` returns the same module, or throws the changes
    /// the builder refused after the first.
    public func build(file: StaticString = #fileID, line: UInt = #line) throws -> ModuleDef {
        if !lateChanges.isEmpty { throw ElaborationError(lateChanges) }
        if let b = built { return b.def }
        let def = try check()
        built = (def, SourceLoc(file: file, line: line))
        return def
    }

    private func check() throws -> ModuleDef {
        let clock = needsClock ? SignalDecl(name: Self.clockName, kind: .input, width: 1, signed: false, loc: loc, owner: self) : nil
        let reset = needsReset ? resetDecl : nil
        let allPorts = [clock, reset].compactMap { $0 } + ports
        var found = diagnostics
        let legalName = NameLegalizer.legal(name)
        if legalName != name {
            found.append(Diagnostic(.illegalName, "module name '\(name)' is not a legal identifier; use e.g. '\(legalName)'",
                                    module: name, loc: loc))
        }
        let def = ModuleDef(name: name, loc: loc, ports: allPorts, clock: clock, reset: reset, signals: signals,
                            memories: memories, instances: instances, body: body, properties: properties, parameters: parameters,
                            annotations: annotations, doc: doc)
        // The checks run on the module itself; any problem stops the build.
        found += NameLegalizer.legalize(def)
        found += DriverCheck.run(def, skipping: rejectedTargets)
        found += PropertyCheck.run(def)
        let loops = CombinationalLoopCheck.run(def)
        found += loops.diagnostics
        if !found.isEmpty { throw ElaborationError(found) }
        def.combinationalPaths = loops.paths
        #if DEBUG
        let broken = IRVerifier.verify(def)
        if !broken.isEmpty { throw ElaborationError(broken.map { Diagnostic(.irInvariant, $0, module: name, loc: loc) }) }
        #endif
        return def
    }
}

/// The result of `when`: continue with `elsewhen` or `otherwise`.
public struct WhenChain {
    let builder: ModuleBuilder
    let last: WhenStatement
    /// 1 when no condition of the chain so far is 1.
    let noneBefore: LazyCondition

    /// Taken when every earlier condition of the chain is 0 and `condition` is 1.
    @discardableResult
    public func elsewhen(_ condition: HBool, file: StaticString = #fileID, line: UInt = #line, _ body: () -> Void) -> WhenChain {
        let loc = SourceLoc(file: file, line: line)
        let ok = builder.checkCondition(condition.node, "elsewhen", loc: loc)
        let block = StatementBlock()
        last.otherwise = block
        let stmt = WhenStatement(condition: ok ? condition.node : HBool(false).node, then: StatementBlock(), loc: loc)
        block.statements.append(.when(stmt))
        let (before, taken) = (noneBefore, stmt.condition)
        builder.withBlock(stmt.then, condition: LazyCondition { LoweredModule.and(before.node, taken) }, body)
        return WhenChain(builder: builder, last: stmt, noneBefore: LazyCondition { LoweredModule.and(before.node, LoweredModule.not(taken)) })
    }

    /// Taken when no condition of the chain is 1.
    public func otherwise(_ body: () -> Void) {
        let block = StatementBlock()
        last.otherwise = block
        builder.withBlock(block, condition: noneBefore, body)
    }
}

/// Arms of a `switchOn`.
public struct SwitchCases {
    let builder: ModuleBuilder
    let statement: SwitchStatement

    /// 1 when no arm stated so far matches the selector (built on demand, once per arm).
    let noArmTaken = Box(LazyCondition(ConstantFolding.bool(true)))

    /// A reference to the running condition, shared by the copies of this struct.
    final class Box {
        var condition: LazyCondition
        init(_ c: LazyCondition) { condition = c }
    }

    /// An arm taken when the selector equals one of `values`.
    public func `is`(_ values: Int..., file: StaticString = #fileID, line: UInt = #line, _ body: () -> Void) {
        let loc = SourceLoc(file: file, line: line)
        let w = statement.selector.width
        for v in values where !BitVector.fits(v, width: w, signed: false) {
            builder.error(.literalTooWide, "switch value \(v) does not fit the \(w)-bit selector", at: loc)
        }
        let block = StatementBlock()
        let earlier = noArmTaken.condition
        let words = values.map { BitVector($0, width: w).words }
        statement.cases.append(.init(values: words, body: block, loc: loc))
        let stmt = statement
        noArmTaken.condition = LazyCondition { LoweredModule.and(earlier.node, LoweredModule.not(LoweredModule.matches(stmt, words))) }
        builder.withBlock(block, condition: LazyCondition { LoweredModule.and(earlier.node, LoweredModule.matches(stmt, words)) }, body)
    }

    /// The arm taken when no value matches.
    public func otherwise(_ body: () -> Void) {
        let block = StatementBlock()
        statement.defaultBody = block
        builder.withBlock(block, condition: noArmTaken.condition, body)
    }
}

extension Hardware {
    /// Drive this signal with `value` in the open `when` block (combinational for
    /// wires and outputs, next-state for registers). Widths must be equal.
    public func assign(_ value: Self, file: StaticString = #fileID, line: UInt = #line) {
        assignNode(value.node, loc: SourceLoc(file: file, line: line))
    }

    func assignNode(_ value: ExprNode, loc: SourceLoc) {
        guard let owner = node.owner ?? value.owner else {
            preconditionFailure("\(loc): assign to a value that belongs to no module")
        }
        guard let decl = node.signalDecl else {
            owner.error(.illegalDrive, "only a declared signal (port, wire, register, instance input) can be assigned; "
                        + "this is an expression", at: loc)
            return
        }
        owner.connect(decl, value, loc: loc)
    }
}

extension HardwareNumber {
    /// Drive this signal with a literal of its own width.
    public func assign(_ value: Int, file: StaticString = #fileID, line: UInt = #line) {
        assignNode(literal(value).node, loc: SourceLoc(file: file, line: line))
    }
}

extension HBool {
    /// Drive this signal with a constant.
    public func assign(_ value: Bool, file: StaticString = #fileID, line: UInt = #line) {
        assignNode(HBool(value).node, loc: SourceLoc(file: file, line: line))
    }
}
