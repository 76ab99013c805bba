import BitVector

/// Simplifications applied as expressions are built, so generated networks do not
/// carry logic that is constant (which Verilator would flag, e.g. `x < 0` on an
/// unsigned value) and muxes with identical arms disappear. Constant operands of
/// any width are evaluated by `BitVector`, which runs the cycle simulator's kernels.
enum ConstantFolding {
    static func isZero(_ n: ExprNode) -> Bool { n.constantValue?.isZero ?? false }
    static func isAllOnes(_ n: ExprNode) -> Bool { n.constantValue?.isAllOnes ?? false }
    static func bool(_ b: Bool) -> ExprNode { .constant(BitVector(b ? 1 : 0, width: 1), signed: false) }
    static func zero(_ width: Int, signed: Bool) -> ExprNode { .constant(.zero(width), signed: signed) }

    /// Whether two nodes compute the same value: the same node, equal constants, or
    /// the same operator over operands that are the same (compared a few levels deep).
    static func same(_ a: ExprNode, _ b: ExprNode, depth: Int = 4) -> Bool {
        if a === b { return true }
        guard a.width == b.width, a.signed == b.signed, a.args.count == b.args.count, depth > 0 else { return false }
        switch (a.op, b.op) {
        case (.constant(let x), .constant(let y)): return x == y
        case (.signal(let x), .signal(let y)): return x === y
        case (.memoryRead, _), (.poison, _): return false
        default:
            guard let ka = structuralKey(a.op), ka == structuralKey(b.op) else { return false }
        }
        return zip(a.args, b.args).allSatisfy { same($0, $1, depth: depth - 1) }
    }

    /// The operator with its parameters, for operators without a declaration payload.
    static func structuralKey(_ op: ExprNode.Op) -> String? {
        switch op {
        case .signal, .constant, .memoryRead, .poison: return nil
        default: return "\(op)"
        }
    }

    /// `op` over constant operands, or nil.
    static func evaluate(_ op: ExprNode.Op, _ args: [ExprNode], width: Int, signed: Bool) -> ExprNode? {
        let v = args.compactMap(\.constantValue)
        guard !args.isEmpty, v.count == args.count else { return nil }
        let r: BitVector
        switch op {
        case .not: r = v[0].not()
        case .negate: r = v[0].negated()
        case .reduceAnd: return bool(v[0].reduceAnd())
        case .reduceOr: return bool(v[0].reduceOr())
        case .reduceXor: return bool(v[0].reduceXor())
        case .add: r = v[0].adding(v[1])
        case .sub: r = v[0].subtracting(v[1])
        case .mul: r = v[0].multiplying(v[1])
        case .and: r = v[0].and(v[1])
        case .or: r = v[0].or(v[1])
        case .xor: r = v[0].xor(v[1])
        case .compare(let c, let s): return bool(v[0].compare(c, v[1], signed: s))
        case .shiftLeft: r = v[0].shiftedLeft(by: v[1].shiftAmount)
        case .shiftRight(let arithmetic): r = v[0].shiftedRight(by: v[1].shiftAmount, arithmetic: arithmetic)
        case .slice(let hi, let lo): r = v[0].slice(lo: lo, count: hi - lo + 1)
        case .concat: r = v.dropLast().reversed().reduce(v[v.count - 1]) { low, high in low.concat(high) }
        case .extend(let s): r = v[0].extended(to: width, signed: s)
        case .reinterpret: r = v[0]
        case .mux: return v[0].isZero ? args[2] : args[1]
        case .signal, .constant, .memoryRead, .poison: return nil
        }
        return .constant(r, signed: signed)
    }

    /// A folded form of `op(args)`, or nil to build the node as is.
    static func fold(_ op: ExprNode.Op, _ args: [ExprNode], width: Int, signed: Bool) -> ExprNode? {
        if let c = evaluate(op, args, width: width, signed: signed) { return c }
        switch op {
        case .mux:
            if let c = args[0].constantValue { return c.isZero ? args[2] : args[1] }
            if same(args[1], args[2]) { return args[1] }
        case .add:
            if isZero(args[1]) { return args[0] }
            if isZero(args[0]) { return args[1] }
        case .sub, .xor:
            if same(args[0], args[1]) { return zero(width, signed: signed) }
            if isZero(args[1]) { return args[0] }
        case .mul:
            if isZero(args[0]) || isZero(args[1]) { return zero(width, signed: signed) }
        case .shiftLeft, .shiftRight:
            // Zero shifted stays zero; all ones shifted right arithmetically stays all ones.
            if isZero(args[0]) || isZero(args[1]) { return args[0] }
            if case .shiftRight(arithmetic: true) = op, isAllOnes(args[0]) { return args[0] }
        case .and:
            if same(args[0], args[1]) { return args[0] }
            if isZero(args[0]) || isZero(args[1]) { return zero(width, signed: signed) }
            if isAllOnes(args[0]) { return args[1] }
            if isAllOnes(args[1]) { return args[0] }
        case .or:
            if same(args[0], args[1]) { return args[0] }
            if isAllOnes(args[0]) || isAllOnes(args[1]) { return .constant(BitVector(-1, width: width), signed: signed) }
            if isZero(args[0]) { return args[1] }
            if isZero(args[1]) { return args[0] }
        case .compare(let c, let s):
            return foldCompare(c, signed: s, args[0], args[1])
        default: break
        }
        return nil
    }

    static func foldCompare(_ c: Comparison, signed: Bool, _ a: ExprNode, _ b: ExprNode) -> ExprNode? {
        if same(a, b) {
            switch c {
            case .eq, .le, .ge: return bool(true)
            case .ne, .lt, .gt: return bool(false)
            }
        }
        // Comparisons against the end of the operand's range cannot vary
        // (Verilator flags them: UNSIGNED, CMPCONST).
        let w = a.width
        let minimum = signed ? BitVector.zero(w).not().shiftedRight(by: 1, arithmetic: false).not() : BitVector.zero(w)
        let maximum = signed ? BitVector.zero(w).not().shiftedRight(by: 1, arithmetic: false) : BitVector(-1, width: w)
        func isMin(_ n: ExprNode) -> Bool { n.constantValue == minimum }
        func isMax(_ n: ExprNode) -> Bool { n.constantValue == maximum }
        switch c {
        case .lt: if isMin(b) || isMax(a) { return bool(false) }
        case .ge: if isMin(b) || isMax(a) { return bool(true) }
        case .gt: if isMax(b) || isMin(a) { return bool(false) }
        case .le: if isMax(b) || isMin(a) { return bool(true) }
        case .eq, .ne: break
        }
        return nil
    }
}

extension ExprNode {
    /// Builds `op(args)`, folding constants where the result is known.
    static func make(_ op: Op, _ args: [ExprNode], width: Int, signed: Bool) -> ExprNode {
        if args.contains(where: { $0.error != nil }) {
            return ExprNode(op, args, width: width, signed: signed)
        }
        if let f = ConstantFolding.fold(op, args, width: width, signed: signed) {
            if f.width == width && f.signed == signed { return f }
            if f.width == width { return ExprNode(.reinterpret, [f], width: width, signed: signed) }
        }
        return ExprNode(op, args, width: width, signed: signed)
    }
}
