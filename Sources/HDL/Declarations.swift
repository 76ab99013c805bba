import BitVector

/// A named signal of a module: port, wire, register, or a port of an instance.
public final class SignalDecl {
    /// What kind of storage or connection the signal is.
    public enum Kind {
        case input
        case output
        case wire
        case register(RegisterInfo)
        /// An input of a child instance, driven by this module.
        case instanceInput(InstanceDecl, port: String)
        /// An output of a child instance, read by this module.
        case instanceOutput(InstanceDecl, port: String)
    }

    /// The name asked for in Swift.
    public let requestedName: String
    /// The legal, unique Verilog name (set at elaboration).
    public internal(set) var name: String
    public let kind: Kind
    public let width: Int
    public let signed: Bool
    public let loc: SourceLoc
    weak var owner: ModuleBuilder?
    /// The node that reads this signal (one per signal, shared).
    public private(set) lazy var ref: ExprNode = ExprNode(.signal(self), [], width: width, signed: signed, owner: owner)

    init(name: String, kind: Kind, width: Int, signed: Bool, loc: SourceLoc, owner: ModuleBuilder) {
        self.requestedName = name
        self.name = name
        self.kind = kind
        self.width = width
        self.signed = signed
        self.loc = loc
        self.owner = owner
    }

    public var isRegister: Bool { if case .register = kind { return true }; return false }
    public var isInput: Bool { if case .input = kind { return true }; return false }
    public var isOutput: Bool { if case .output = kind { return true }; return false }
    public var registerInfo: RegisterInfo? { if case .register(let r) = kind { return r }; return nil }
    /// Whether this is a register of the properties (not part of the synthesizable design).
    public var isVerificationOnly: Bool { registerInfo?.verificationOnly ?? false }
}

/// Reset value and enable of a register.
public struct RegisterInfo {
    /// Value loaded while `rst` is high (a constant); nil for no reset.
    public let reset: ExprNode?
    /// When given, the register only updates in cycles where it is 1.
    public let enable: ExprNode?
    /// A register of the properties (`past`, `propertyReg`): emitted inside `ifdef FORMAL`, never read by the design.
    public let verificationOnly: Bool

    init(reset: ExprNode?, enable: ExprNode?, verificationOnly: Bool = false) {
        self.reset = reset
        self.enable = enable
        self.verificationOnly = verificationOnly
    }
}

/// A register-file memory: `depth` words, synchronous write ports, asynchronous reads.
public final class MemoryDecl {
    public let requestedName: String
    public internal(set) var name: String
    public let depth: Int
    public let width: Int
    public let signed: Bool
    public let loc: SourceLoc
    /// Address width: enough bits for `depth - 1` (at least 1).
    public var addressWidth: Int { BitVector.addressWidth(entries: depth) }

    init(name: String, depth: Int, width: Int, signed: Bool, loc: SourceLoc) {
        self.requestedName = name
        self.name = name
        self.depth = depth
        self.width = width
        self.signed = signed
        self.loc = loc
    }
}

/// A child module instantiated inside a parent.
public final class InstanceDecl {
    public let requestedName: String
    public internal(set) var name: String
    public let module: ModuleDef
    public let loc: SourceLoc
    /// Port signals in the parent, in the child's port order.
    public internal(set) var ports: [SignalDecl] = []

    init(name: String, module: ModuleDef, loc: SourceLoc) {
        self.requestedName = name
        self.name = name
        self.module = module
        self.loc = loc
    }
}

/// A statement of a module body: connections under `when`/`switch`, memory writes.
public enum Statement {
    case connect(SignalDecl, ExprNode, SourceLoc)
    case when(WhenStatement)
    case switchOn(SwitchStatement)
    case memoryWrite(MemoryDecl, address: ExprNode, data: ExprNode, SourceLoc)
}

/// A list of statements (one branch of a `when`, one `switch` case, or a module body).
public final class StatementBlock {
    public internal(set) var statements: [Statement] = []
    /// Where each signal is connected directly in this block (for the double-driver check).
    var connected: [ObjectIdentifier: SourceLoc] = [:]
    init() {}
}

/// `when (cond) { then } otherwise { otherwise }`.
public final class WhenStatement {
    public let condition: ExprNode
    public let then: StatementBlock
    public internal(set) var otherwise: StatementBlock?
    public let loc: SourceLoc

    init(condition: ExprNode, then: StatementBlock, loc: SourceLoc) {
        self.condition = condition
        self.then = then
        self.loc = loc
    }
}

/// `switch (selector) { case values: body ... default: body }`.
public final class SwitchStatement {
    /// One arm: the selector values that pick it and its body.
    public struct Case {
        public let values: [[UInt64]]
        public let body: StatementBlock
        public let loc: SourceLoc
    }
    public let selector: ExprNode
    public internal(set) var cases: [Case] = []
    public internal(set) var defaultBody: StatementBlock?
    public let loc: SourceLoc

    init(selector: ExprNode, loc: SourceLoc) {
        self.selector = selector
        self.loc = loc
    }
}
