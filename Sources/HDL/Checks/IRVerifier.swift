/// Checks the invariants every backend relies on, for every expression node of
/// a module: operand widths and signedness per operator (comparisons of equal
/// signedness matching the operator's flag, arithmetic shifts of signed values,
/// sign extension of signed values), slice bounds, memory address widths, and
/// connections of equal width and signedness. Runs after elaboration in debug
/// builds and on every fuzzed circuit; a violation is a bug in the DSL, not in
/// the user's design.
public enum IRVerifier {
    /// Every violation found in `module` (not its children), as readable lines.
    public static func verify(_ module: ModuleDef) -> [String] {
        var problems: [String] = []
        var seen = Set<ObjectIdentifier>()
        func fail(_ n: ExprNode, _ what: String) {
            problems.append("\(module.name): \(n.op) (\(n.width) bits, \(n.signed ? "signed" : "unsigned")): \(what)")
        }
        func visit(_ n: ExprNode) {
            guard seen.insert(ObjectIdentifier(n)).inserted else { return }
            n.args.forEach(visit)
            check(n, fail: fail)
        }
        StatementWalk.visit(module.body) { event in
            switch event {
            case .connect(let target, let value, _):
                visit(value)
                if value.width != target.width || value.signed != target.signed {
                    problems.append("\(module.name): '\(target.name)' (\(target.width) bits) connected to a \(value.width)-bit value")
                }
            case .memoryWrite(let mem, let address, let data, _):
                visit(address)
                visit(data)
                if address.width != mem.addressWidth || data.width != mem.width {
                    problems.append("\(module.name): write of memory '\(mem.name)' with a \(address.width)-bit address, \(data.width)-bit data")
                }
            case .condition(let c):
                visit(c)
            }
        }
        for s in module.signals {
            if let r = s.registerInfo?.reset { visit(r) }
            if let e = s.registerInfo?.enable { visit(e) }
        }
        return problems
    }

    private static func check(_ n: ExprNode, fail: (ExprNode, String) -> Void) {
        let a = n.args
        func arity(_ k: Int) -> Bool {
            if a.count != k { fail(n, "\(a.count) operands, expected \(k)"); return false }
            return true
        }
        func sameAsNode(_ x: ExprNode) {
            if x.width != n.width || x.signed != n.signed { fail(n, "operand of \(x.width) bits, \(x.signed ? "signed" : "unsigned")") }
        }
        switch n.op {
        case .signal(let d):
            if d.width != n.width || d.signed != n.signed { fail(n, "reads '\(d.name)' of another type") }
        case .constant(let v):
            if v.width != n.width { fail(n, "a \(v.width)-bit literal") }
        case .poison(let e):
            fail(n, "an invalid value reached a built module: \(e.message)")
        case .not, .negate:
            if arity(1) { sameAsNode(a[0]) }
        case .add, .sub, .mul, .and, .or, .xor:
            if arity(2) { sameAsNode(a[0]); sameAsNode(a[1]) }
        case .reduceAnd, .reduceOr, .reduceXor:
            if arity(1), n.width != 1 || n.signed { fail(n, "a reduction gives one unsigned bit") }
        case .compare(_, let s):
            guard arity(2) else { return }
            if a[0].width != a[1].width { fail(n, "compares \(a[0].width) with \(a[1].width) bits") }
            if a[0].signed != s || a[1].signed != s { fail(n, "operand signedness differs from the comparison's") }
            if n.width != 1 || n.signed { fail(n, "a comparison gives one unsigned bit") }
        case .shiftLeft, .shiftRight:
            guard arity(2) else { return }
            sameAsNode(a[0])
            if a[1].signed { fail(n, "a signed shift amount") }
            if case .shiftRight(let arithmetic) = n.op, arithmetic != a[0].signed {
                fail(n, arithmetic ? "arithmetic shift of an unsigned value" : "logical shift of a signed value")
            }
        case .mux:
            guard arity(3) else { return }
            if a[0].width != 1 { fail(n, "a \(a[0].width)-bit select") }
            sameAsNode(a[1])
            sameAsNode(a[2])
        case .slice(let hi, let lo):
            guard arity(1) else { return }
            if lo < 0 || hi < lo || hi >= a[0].width { fail(n, "slice [\(hi):\(lo)] of \(a[0].width) bits") }
            if n.width != hi - lo + 1 || n.signed { fail(n, "a slice gives \(hi - lo + 1) unsigned bits") }
        case .concat:
            if a.isEmpty || a.reduce(0, { $0 + $1.width }) != n.width || n.signed { fail(n, "operand widths do not add up") }
        case .extend(let s):
            guard arity(1) else { return }
            if s != a[0].signed || n.signed != a[0].signed { fail(n, "extension by other than the operand's signedness") }
        case .reinterpret:
            if arity(1), a[0].width != n.width { fail(n, "reinterprets \(a[0].width) bits") }
        case .memoryRead(let mem):
            guard arity(1) else { return }
            if a[0].width != mem.addressWidth { fail(n, "a \(a[0].width)-bit address for '\(mem.name)'") }
            if n.width != mem.width || n.signed != mem.signed { fail(n, "reads '\(mem.name)' as another type") }
        }
    }
}
