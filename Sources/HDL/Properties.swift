/// A property of a module, checked at every rising clock edge outside reset
/// (every evaluation in a module without a clock): an assertion the design must
/// keep, an assumption about its inputs, or a cover point to reach. Properties
/// add no hardware: the Verilog emitter prints them (and the `past` registers
/// they read) inside `ifdef FORMAL`, for yosys `read_verilog -formal` and for
/// Verilator built with `--assert`; the IR simulator checks them itself.
public struct Property {
    /// What the property asks of the design.
    public enum Kind: String, Sendable {
        /// Must hold whenever it is enabled; a proof shows it for every input sequence.
        case assert
        /// Holds by assumption (a rule of the inputs); a proof only considers such inputs.
        case assume
        /// Should be reachable; simulators count the cycles it holds, BMC finds a trace to it.
        case cover
    }
    public let kind: Kind
    /// 1 in cycles where the property applies: the `when`/`switch` conditions around it.
    public let enable: ExprNode
    /// The 1-bit condition asserted, assumed or covered.
    public let condition: ExprNode
    /// What the property says, printed with its failures.
    public let message: String
    /// Where in Swift the property was stated.
    public let loc: SourceLoc

    /// `message (File.swift:LINE)`: how failures name the property.
    public var label: String { "\(message) (\(loc))" }
}

extension ModuleBuilder {
    /// States that `condition` holds at every clock edge outside reset where the
    /// enclosing `when` conditions are 1. Checked by both simulators (a failure
    /// names `message` and this Swift line) and proved by `make formal`.
    public func assert(_ condition: HBool, _ message: String, file: StaticString = #fileID, line: UInt = #line) {
        addProperty(.assert, condition, message, loc: SourceLoc(file: file, line: line))
    }

    /// Restricts the inputs a proof considers (a protocol rule of the environment).
    /// Simulators check it like an assertion, so a testbench that breaks it fails.
    public func assume(_ condition: HBool, _ message: String, file: StaticString = #fileID, line: UInt = #line) {
        addProperty(.assume, condition, message, loc: SourceLoc(file: file, line: line))
    }

    /// A state the design should reach: simulators count the cycles it holds.
    public func cover(_ condition: HBool, _ message: String, file: StaticString = #fileID, line: UInt = #line) {
        addProperty(.cover, condition, message, loc: SourceLoc(file: file, line: line))
    }

    /// The value `value` had `cycles` clock edges ago, for properties only: a
    /// verification register that the emitted RTL keeps inside `ifdef FORMAL`.
    /// Undefined until `cycles` edges have passed (reset covers them: properties
    /// are not checked while `rst` is 1). Design logic may not read it. The
    /// history of a value is kept once: `past(x, 2)` and `past(x)` share `past_x`.
    public func past<T: Hardware>(_ value: T, _ cycles: Int = 1, file: StaticString = #fileID, line: UInt = #line) -> T {
        let loc = SourceLoc(file: file, line: line)
        guard cycles >= 1 else {
            error(.illegalParameter, "past(_, \(cycles)): the delay must be at least 1 cycle", at: loc)
            return value
        }
        if let e = value.node.error {
            error(e.kind, "in the value of past(): \(e.message)", at: loc)
            return value
        }
        var current = value.node
        for _ in 0..<cycles {
            if let shared = pastOf[ObjectIdentifier(current)] {
                current = shared.delayed
                continue
            }
            // past_x, then past2_x, past3_x, ... (past, past2, ... for an unnamed value).
            let (base, depth) = pastDepth[ObjectIdentifier(current)].map { ($0.base, $0.depth + 1) }
                ?? (current.signalDecl?.requestedName ?? "", 1)
            let prefix = depth == 1 ? "past" : "past\(depth)"
            needsClock = true
            let d = declare(base.isEmpty ? prefix : "\(prefix)_\(base)", .register(RegisterInfo(reset: nil, enable: nil, verificationOnly: true)),
                            width: current.width, signed: current.signed, loc: loc)
            connect(d, current, loc: loc, block: body)
            pastOf[ObjectIdentifier(current)] = (current, d.ref)
            pastDepth[ObjectIdentifier(d.ref)] = (base, depth)
            current = d.ref
        }
        return T(node: current)
    }

    /// A register of a reference model that properties compare the design with:
    /// assign it like any register (under `when`, with a reset); it is emitted
    /// inside `ifdef FORMAL` and design logic may not read it.
    public func propertyReg<S: HardwareSpec>(_ name: String, _ spec: S, reset: Int? = nil,
                                             file: StaticString = #fileID, line: UInt = #line) -> S.Value {
        let loc = SourceLoc(file: file, line: line)
        needsClock = true
        let d = declare(name, .register(RegisterInfo(reset: resetConstant(reset, name: name, width: spec.width, signed: S.Value.isSigned, loc: loc),
                                                     enable: nil, verificationOnly: true)),
                        width: spec.width, signed: S.Value.isSigned, loc: loc)
        return S.Value(node: d.ref)
    }

    /// 1 when `rst` was 0 at each of the last `cycles` clock edges: guards a
    /// property that looks `cycles` edges back (with `past`) past a reset.
    /// The module gets its `rst` port if it had none.
    public func outOfReset(_ cycles: Int, file: StaticString = #fileID, line: UInt = #line) -> HBool {
        needsReset = true
        var rst = HBool(node: resetDecl.ref)
        var quiet = HBool(true)
        for _ in 0..<max(cycles, 1) {
            rst = past(rst, file: file, line: line)
            quiet = quiet & !rst
        }
        return quiet
    }

    func addProperty(_ kind: Property.Kind, _ condition: HBool, _ message: String, loc: SourceLoc) {
        if refuseAfterBuild("a property (\(kind.rawValue))", at: loc) { return }
        if let e = condition.node.error {
            error(e.kind, "in \(kind.rawValue) '\(message)': \(e.message)", at: loc)
            return
        }
        properties.append(Property(kind: kind, enable: currentGuard, condition: condition.node, message: message, loc: loc))
    }
}
