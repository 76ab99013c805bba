/// Simplifications applied as expressions are built, so generated networks do not
/// carry logic that is constant (which Verilator would flag, e.g. `x < 0` on an
/// unsigned value) and muxes with identical arms disappear.
enum ConstantFolding {
    /// The value of a constant node of at most 64 bits, zero-extended.
    static func value(_ n: ExprNode) -> UInt64? {
        guard let w = n.constantWords, n.width <= 64 else { return nil }
        return w[0]
    }

    static func isZero(_ n: ExprNode) -> Bool { n.constantWords?.allSatisfy { $0 == 0 } ?? false }

    static func isAllOnes(_ n: ExprNode) -> Bool {
        guard let w = n.constantWords else { return false }
        return w == Bits.mask(Array(repeating: ~0, count: w.count), width: n.width)
    }

    static func bool(_ b: Bool) -> ExprNode { .constant([b ? 1 : 0], width: 1, signed: false) }

    static func signedValue(_ v: UInt64, width: Int) -> Int64 {
        width >= 64 ? Int64(bitPattern: v) : Int64(bitPattern: v << UInt64(64 - width)) >> Int64(64 - width)
    }

    /// Whether two nodes compute the same value: the same node, equal constants, or
    /// the same operator over operands that are the same (compared a few levels deep).
    static func same(_ a: ExprNode, _ b: ExprNode, depth: Int = 4) -> Bool {
        if a === b { return true }
        guard a.width == b.width, a.signed == b.signed, a.args.count == b.args.count, depth > 0 else { return false }
        switch (a.op, b.op) {
        case (.constant(let x), .constant(let y)): return x == y
        case (.signal(let x), .signal(let y)): return x === y
        case (.slice(let h1, let l1), .slice(let h2, let l2)) where h1 == h2 && l1 == l2: break
        case (.memoryRead, _), (.poison, _): return false
        default:
            guard opName(a.op) == opName(b.op), opName(a.op) != nil else { return false }
        }
        return zip(a.args, b.args).allSatisfy { same($0, $1, depth: depth - 1) }
    }

    /// The name of an operator without payload (nil for operators that carry one).
    static func opName(_ op: ExprNode.Op) -> String? {
        switch op {
        case .signal, .constant, .slice, .memoryRead, .poison: return nil
        default: return "\(op)"
        }
    }

    /// `op` over constant operands of at most 64 bits, or nil.
    static func evaluate(_ op: ExprNode.Op, _ args: [ExprNode], width: Int, signed: Bool) -> ExprNode? {
        guard width <= 64, !args.isEmpty, args.allSatisfy({ $0.width <= 64 }) else { return nil }
        let v = args.compactMap(value)
        guard v.count == args.count else { return nil }
        let mask: UInt64 = width == 64 ? ~0 : (UInt64(1) << UInt64(width)) &- 1
        let aw = args[0].width
        let amask: UInt64 = aw == 64 ? ~0 : (UInt64(1) << UInt64(aw)) &- 1
        let r: UInt64
        switch op {
        case .not: r = ~v[0]
        case .negate: r = 0 &- v[0]
        case .reduceAnd: r = v[0] & amask == amask ? 1 : 0
        case .reduceOr: r = v[0] != 0 ? 1 : 0
        case .reduceXor: r = UInt64(v[0].nonzeroBitCount & 1)
        case .add: r = v[0] &+ v[1]
        case .sub: r = v[0] &- v[1]
        case .mul: r = v[0] &* v[1]
        case .and: r = v[0] & v[1]
        case .or: r = v[0] | v[1]
        case .xor: r = v[0] ^ v[1]
        case .shiftLeft: r = v[1] >= UInt64(aw) ? 0 : v[0] << v[1]
        case .shiftRight:
            if args[0].signed {
                let sv = signedValue(v[0], width: aw)
                r = UInt64(bitPattern: v[1] >= UInt64(aw) ? (sv < 0 ? -1 : 0) : sv >> Int64(v[1]))
            } else {
                r = v[1] >= UInt64(aw) ? 0 : v[0] >> v[1]
            }
        case .slice(_, let lo): r = v[0] >> UInt64(lo)
        case .concat:
            var acc: UInt64 = 0
            for (k, a) in args.enumerated() { acc = (a.width == 64 ? 0 : acc << UInt64(a.width)) | v[k] }
            r = acc
        case .reinterpret: r = v[0]
        default: return nil
        }
        return .constant([r & mask], width: width, signed: signed)
    }

    /// A folded form of `op(args)`, or nil to build the node as is.
    static func fold(_ op: ExprNode.Op, _ args: [ExprNode], width: Int, signed: Bool) -> ExprNode? {
        if let c = evaluate(op, args, width: width, signed: signed) { return c }
        switch op {
        case .reinterpret:
            if let w = args[0].constantWords { return .constant(w, width: width, signed: signed) }
        case .mux:
            if let c = value(args[0]) { return c != 0 ? args[1] : args[2] }
            if same(args[1], args[2]) { return args[1] }
        case .add:
            if isZero(args[1]) { return args[0] }
            if isZero(args[0]) { return args[1] }
        case .sub, .xor:
            if same(args[0], args[1]) { return .constant([0], width: width, signed: signed) }
            if isZero(args[1]) { return args[0] }
        case .mul:
            if isZero(args[0]) || isZero(args[1]) { return .constant([0], width: width, signed: signed) }
        case .shiftLeft, .shiftRight:
            // Zero shifted stays zero; all ones shifted right arithmetically stays all ones.
            if isZero(args[0]) || isZero(args[1]) { return args[0] }
            if case .shiftRight = op, args[0].signed, isAllOnes(args[0]) { return args[0] }
        case .and:
            if same(args[0], args[1]) { return args[0] }
            if isZero(args[0]) || isZero(args[1]) { return .constant([0], width: width, signed: signed) }
            if isAllOnes(args[0]) { return args[1] }
            if isAllOnes(args[1]) { return args[0] }
        case .or:
            if same(args[0], args[1]) { return args[0] }
            if isAllOnes(args[0]) || isAllOnes(args[1]) { return .constant(Bits.mask([~0, ~0], width: width), width: width, signed: signed) }
            if isZero(args[0]) { return args[1] }
            if isZero(args[1]) { return args[0] }
        case .not:
            if let v = value(args[0]) { return .constant([~v], width: width, signed: signed) }
        case .eq, .ne, .lt, .le, .gt, .ge:
            return foldCompare(op, args[0], args[1])
        default: break
        }
        return nil
    }

    static func foldCompare(_ op: ExprNode.Op, _ a: ExprNode, _ b: ExprNode) -> ExprNode? {
        if let x = value(a), let y = value(b) {
            let w = a.width
            let lt = a.signed ? signedValue(x, width: w) < signedValue(y, width: w) : x < y
            switch op {
            case .eq: return bool(x == y)
            case .ne: return bool(x != y)
            case .lt: return bool(lt)
            case .le: return bool(lt || x == y)
            case .gt: return bool(!lt && x != y)
            case .ge: return bool(!lt)
            default: return nil
            }
        }
        if same(a, b) {
            switch op {
            case .eq, .le, .ge: return bool(true)
            case .ne, .lt, .gt: return bool(false)
            default: return nil
            }
        }
        // Comparisons against the end of the operand's range cannot vary
        // (Verilator flags them: UNSIGNED, CMPCONST).
        let w = a.width
        func isMin(_ n: ExprNode) -> Bool {
            guard let v = n.constantWords else { return false }
            guard n.signed else { return isZero(n) }
            return Bits.bit(v, w - 1) && (0..<(w - 1)).allSatisfy { !Bits.bit(v, $0) }
        }
        func isMax(_ n: ExprNode) -> Bool {
            guard let v = n.constantWords else { return false }
            return n.signed ? !Bits.bit(v, w - 1) && (0..<(w - 1)).allSatisfy { Bits.bit(v, $0) } : isAllOnes(n)
        }
        switch op {
        case .lt: if isMin(b) || isMax(a) { return bool(false) }
        case .ge: if isMin(b) || isMax(a) { return bool(true) }
        case .gt: if isMax(b) || isMin(a) { return bool(false) }
        case .le: if isMax(b) || isMin(a) { return bool(true) }
        default: break
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
