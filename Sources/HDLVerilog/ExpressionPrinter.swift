import BitVector
import HDL

/// Prints IR expressions as Verilog-2005 text whose self-determined width equals
/// the IR width, so no context-dependent sizing (and no Verilator WIDTH warning)
/// can change a result. Operands that Verilog cannot index (for a slice or a
/// sign extension) and expressions used more than once are hoisted into named
/// wires, named after the signal being assigned.
final class ExpressionPrinter {
    /// Text and whether Verilog treats it as signed.
    struct Text {
        var code: String
        var signed: Bool
    }

    private let useCount: [ObjectIdentifier: Int]
    private var hoisted: [ObjectIdentifier: String] = [:]
    private var names: NameTable
    /// A hoisted temporary: its declaration, its assign, and whether only some
    /// of its bits are read (then Verilator's UNUSED lint is waived for it).
    struct Temporary {
        let declaration: String
        let assignment: String
        var partlyRead = false
    }
    private var temps: [Temporary] = []
    private var tempIndex: [String: Int] = [:]

    /// Declarations and assigns of hoisted temporaries, in creation order.
    var temporaries: [String] {
        temps.flatMap { t in
            t.partlyRead
                ? ["/* verilator lint_off UNUSED */", t.declaration, "/* verilator lint_on UNUSED */", t.assignment]
                : [t.declaration, t.assignment]
        }
    }
    /// Name hint for temporaries: the signal whose value is printed.
    var hint = "tmp"

    /// Verilog names of the module's signals and memories.
    private let declarations: VerilogNames

    init(useCount: [ObjectIdentifier: Int], names: NameTable, declarations: VerilogNames) {
        self.useCount = useCount
        self.names = names
        self.declarations = declarations
    }

    /// The expression as a statement right-hand side (no outer parentheses).
    func rhs(_ n: ExprNode) -> String {
        var t = print(n)
        if t.code.hasPrefix("("), t.code.hasSuffix(")"), balanced(String(t.code.dropFirst().dropLast())) {
            t.code = String(t.code.dropFirst().dropLast())
        }
        return t.code
    }

    private func balanced(_ s: String) -> Bool {
        var depth = 0
        for c in s {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1; if depth < 0 { return false } }
        }
        return depth == 0
    }

    static func range(_ width: Int) -> String { width == 1 ? "" : "[\(width - 1):0] " }

    static func literal(_ words: [UInt64], width: Int, signed: Bool) -> String {
        let neg = signed && BitVector(words: words, width: width).signBit
        if width <= 64 {
            let v = words[0]
            if neg {
                let mag = (~v &+ 1) & (width == 64 ? ~0 : (UInt64(1) << UInt64(width)) &- 1)
                if mag != UInt64(1) << UInt64(width - 1) { return "(-\(width)'sd\(mag))" }
                return "\(width)'sh\(String(v, radix: 16))"
            }
            return "\(width)'\(signed ? "s" : "")d\(v)"
        }
        var hex = ""
        for w in words.reversed() {
            let h = String(w, radix: 16)
            hex += hex.isEmpty ? h : String(repeating: "0", count: 16 - h.count) + h
        }
        return "\(width)'\(signed ? "s" : "")h\(hex)"
    }

    /// A name for `n`'s value: its own if it is a signal, else a hoisted wire.
    func leafName(_ n: ExprNode) -> String {
        if let d = n.signalDecl { return declarations.of(d) }
        if let h = hoisted[ObjectIdentifier(n)] { return h }
        return hoist(n, body: printRaw(n))
    }

    private func hoist(_ n: ExprNode, body: Text) -> String {
        let name = names.fresh("\(hint)_t")
        let decl = "wire \(n.signed ? "signed " : "")\(Self.range(n.width))\(name);"
        var code = body.code
        if code.hasPrefix("("), code.hasSuffix(")"), balanced(String(code.dropFirst().dropLast())) {
            code = String(code.dropFirst().dropLast())
        }
        tempIndex[name] = temps.count
        temps.append(Temporary(declaration: decl, assignment: "assign \(name) = \(code);"))
        hoisted[ObjectIdentifier(n)] = name
        return name
    }

    private func isCheap(_ n: ExprNode) -> Bool {
        switch n.op {
        case .signal, .constant: return true
        case .slice, .extend, .reinterpret: return n.args[0].signalDecl != nil
        default: return false
        }
    }

    /// The expression, hoisting it when it is shared and not trivial.
    func print(_ n: ExprNode) -> Text {
        if let h = hoisted[ObjectIdentifier(n)] { return Text(code: h, signed: n.signed) }
        if (useCount[ObjectIdentifier(n)] ?? 0) > 1 && !isCheap(n) {
            let name = hoist(n, body: printRaw(n))
            return Text(code: name, signed: n.signed)
        }
        return printRaw(n)
    }

    /// The operand with Verilog signedness equal to its IR signedness.
    private func operand(_ n: ExprNode) -> String {
        let t = print(n)
        if t.signed == n.signed { return t.code }
        return n.signed ? "$signed(\(t.code))" : "$unsigned(\(t.code))"
    }

    private func printRaw(_ n: ExprNode) -> Text {
        let a = n.args
        switch n.op {
        case .signal(let d):
            return Text(code: declarations.of(d), signed: d.signed)
        case .constant(let value):
            return Text(code: Self.literal(value.words, width: n.width, signed: n.signed), signed: n.signed)
        case .poison(let m):
            preconditionFailure("poison reached the Verilog printer: \(m)")
        case .not:
            return Text(code: "(~\(operand(a[0])))", signed: n.signed)
        case .negate:
            return Text(code: "(-\(operand(a[0])))", signed: n.signed)
        case .reduceAnd: return Text(code: "(&\(operand(a[0])))", signed: false)
        case .reduceOr: return Text(code: "(|\(operand(a[0])))", signed: false)
        case .reduceXor: return Text(code: "(^\(operand(a[0])))", signed: false)
        case .add: return infix("+", n)
        case .sub: return infix("-", n)
        case .mul: return infix("*", n)
        case .and: return infix("&", n)
        case .or: return infix("|", n)
        case .xor: return infix("^", n)
        case .compare(let c, _):
            // Both operands print with the comparison's signedness (the IR verifier checks they have it).
            let symbol: String
            switch c {
            case .eq: symbol = "=="
            case .ne: symbol = "!="
            case .lt: symbol = "<"
            case .le: symbol = "<="
            case .gt: symbol = ">"
            case .ge: symbol = ">="
            }
            return infix(symbol, n, result: false)
        case .shiftLeft:
            return Text(code: "(\(operand(a[0])) << \(operand(a[1])))", signed: n.signed)
        case .shiftRight(let arithmetic):
            return Text(code: "(\(operand(a[0])) \(arithmetic ? ">>>" : ">>") \(operand(a[1])))", signed: n.signed)
        case .mux:
            return Text(code: "(\(operand(a[0])) ? \(operand(a[1])) : \(operand(a[2])))", signed: n.signed)
        case .slice(let hi, let lo):
            return slice(a[0], hi: hi, lo: lo)
        case .concat:
            return Text(code: "{" + a.map { print($0).code }.joined(separator: ", ") + "}", signed: false)
        case .extend(let signExtend):
            let src = a[0]
            if n.width < src.width { return slice(src, hi: n.width - 1, lo: 0) }
            let k = n.width - src.width
            if !signExtend {
                return Text(code: "{\(k)'d0, \(print(src).code)}", signed: false)
            }
            let name = leafName(src)
            let sign = src.width == 1 ? name : "\(name)[\(src.width - 1)]"
            return Text(code: "{{\(k){\(sign)}}, \(name)}", signed: false)
        case .reinterpret:
            let t = print(a[0])
            return Text(code: n.signed ? "$signed(\(t.code))" : "$unsigned(\(t.code))", signed: n.signed)
        case .memoryRead(let mem):
            // An address past the last word reads 0, as in the IR simulator (Verilog would give X).
            let address = a[0]
            let zero = Self.literal([UInt64](repeating: 0, count: (mem.width + 63) / 64), width: mem.width, signed: mem.signed)
            guard address.width < 64, UInt64(1) << UInt64(address.width) > UInt64(mem.depth) else {
                return Text(code: "\(declarations.of(mem))[\(print(address).code)]", signed: mem.signed)
            }
            if let words = address.constantWords {
                let inRange = words.dropFirst().allSatisfy { $0 == 0 } && words[0] < UInt64(mem.depth)
                return inRange ? Text(code: "\(declarations.of(mem))[\(print(address).code)]", signed: mem.signed)
                               : Text(code: zero, signed: mem.signed)
            }
            let name = leafName(address)
            let depth = Self.literal([UInt64(mem.depth)], width: address.width, signed: false)
            return Text(code: "((\(name) < \(depth)) ? \(declarations.of(mem))[\(name)] : \(zero))", signed: mem.signed)
        }
    }

    private func slice(_ src: ExprNode, hi: Int, lo: Int) -> Text {
        let name = leafName(src)
        if let t = tempIndex[name], hi - lo + 1 < src.width { temps[t].partlyRead = true }
        if src.width == 1 { return Text(code: name, signed: false) }
        let code = hi == lo ? "\(name)[\(hi)]" : "\(name)[\(hi):\(lo)]"
        return Text(code: code, signed: false)
    }

    private func infix(_ op: String, _ n: ExprNode, result: Bool = true) -> Text {
        Text(code: "(\(operand(n.args[0])) \(op) \(operand(n.args[1])))", signed: result ? n.signed : false)
    }
}

/// The names used in one module, handing out fresh ones for temporaries.
final class NameTable {
    private var taken: Set<String>

    init(_ taken: Set<String>) { self.taken = taken }

    func fresh(_ base: String) -> String {
        var k = 0
        while taken.contains("\(base)\(k)") { k += 1 }
        taken.insert("\(base)\(k)")
        return "\(base)\(k)"
    }
}
