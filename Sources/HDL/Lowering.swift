import BitVector

/// A module with its `when`/`switch` structure expanded into muxes (as FIRRTL's
/// ExpandWhens does): every combinational signal and register has one driving
/// expression, and every memory write port has one enable. Backends that need
/// a pure dataflow view (the cycle simulator) read this instead of the body.
public struct LoweredModule {
    /// One write of a memory: in cycles where `enable` is 1, `data` goes to `address`.
    public struct MemoryWrite {
        public let enable: ExprNode
        public let address: ExprNode
        public let data: ExprNode
    }

    public let module: ModuleDef
    /// Driver of each output, wire and instance input (keyed by the signal).
    public let combinational: [ObjectIdentifier: ExprNode]
    /// Next value of each register (holding when not assigned; enable applied; reset not).
    public let nextState: [ObjectIdentifier: ExprNode]
    /// Writes of each memory in statement order (a later write to the same word wins).
    public let memoryWrites: [ObjectIdentifier: [MemoryWrite]]

    public init(_ m: ModuleDef) {
        module = m
        var comb: [ObjectIdentifier: ExprNode] = [:]
        var next: [ObjectIdentifier: ExprNode] = [:]
        let targets = TargetIndex(m.body)
        for s in m.ports + m.signals {
            switch s.kind {
            case .input, .instanceOutput: continue
            case .register(let info):
                var v = Self.expand(m.body, s, current: s.ref, targets) ?? s.ref
                if let en = info.enable { v = .make(.mux, [en, v, s.ref], width: s.width, signed: s.signed) }
                next[ObjectIdentifier(s)] = v
            default:
                // The latch check guarantees a value on every path.
                comb[ObjectIdentifier(s)] = Self.expand(m.body, s, current: nil, targets)
                    ?? .constant([0], width: s.width, signed: s.signed)
            }
        }
        combinational = comb
        nextState = next
        var writes: [ObjectIdentifier: [MemoryWrite]] = [:]
        Self.collectWrites(m.body, condition: ConstantFolding.bool(true)) { mem, w in writes[ObjectIdentifier(mem), default: []].append(w) }
        memoryWrites = writes
    }

    /// The single expression driving combinational signal `s` of `m` (its `when`
    /// and `switch` structure folded into muxes).
    public static func combinationalDriver(_ s: SignalDecl, in m: ModuleDef, targets: TargetIndex) -> ExprNode {
        expand(m.body, s, current: nil, targets) ?? .constant([0], width: s.width, signed: s.signed)
    }

    static func and(_ a: ExprNode, _ b: ExprNode) -> ExprNode { .make(.and, [a, b], width: 1, signed: false) }
    static func not(_ a: ExprNode) -> ExprNode { .make(.not, [a], width: 1, signed: false) }

    /// The condition under which switch arm `values` is taken.
    static func matches(_ sw: SwitchStatement, _ values: [[UInt64]]) -> ExprNode {
        var any = ConstantFolding.bool(false)
        for v in values {
            let eq = ExprNode.make(.compare(.eq, signed: false), [sw.selector, .constant(v, width: sw.selector.width, signed: false)],
                                   width: 1, signed: false)
            any = .make(.or, [any, eq], width: 1, signed: false)
        }
        return any
    }

    /// The value of `target` after `block`, starting from `current` (nil: not yet
    /// assigned). Visits only the statements that concern `target`.
    static func expand(_ block: StatementBlock, _ target: SignalDecl, current start: ExprNode?, _ targets: TargetIndex) -> ExprNode? {
        var current = start
        for i in targets.statements(in: block, for: ObjectIdentifier(target)) {
            switch block.statements[i] {
            case .connect(let t, let v, _) where t === target:
                current = v
            case .connect, .memoryWrite:
                break
            case .when(let w):
                let t = expand(w.then, target, current: current, targets)
                let e = w.otherwise.flatMap { expand($0, target, current: current, targets) } ?? current
                if let t, let e { current = .make(.mux, [w.condition, t, e], width: target.width, signed: target.signed) }
                else { current = t ?? e }
            case .switchOn(let sw):
                var result = sw.defaultBody.flatMap { expand($0, target, current: current, targets) } ?? current
                for c in sw.cases.reversed() {
                    let arm = expand(c.body, target, current: current, targets)
                    if let arm, let r = result {
                        result = .make(.mux, [matches(sw, c.values), arm, r], width: target.width, signed: target.signed)
                    } else {
                        result = arm ?? result
                    }
                }
                current = result
            }
        }
        return current
    }

    /// Memory writes with the conditions of the blocks around them.
    static func collectWrites(_ block: StatementBlock, condition: ExprNode, _ emit: (MemoryDecl, MemoryWrite) -> Void) {
        for s in block.statements {
            switch s {
            case .memoryWrite(let mem, let addr, let data, _):
                emit(mem, MemoryWrite(enable: condition, address: addr, data: data))
            case .when(let w):
                collectWrites(w.then, condition: and(condition, w.condition), emit)
                if let o = w.otherwise { collectWrites(o, condition: and(condition, not(w.condition)), emit) }
            case .switchOn(let sw):
                var none = condition
                for c in sw.cases {
                    let hit = matches(sw, c.values)
                    collectWrites(c.body, condition: and(none, hit), emit)
                    none = and(none, not(hit))
                }
                if let d = sw.defaultBody { collectWrites(d, condition: none, emit) }
            case .connect: break
            }
        }
    }
}
