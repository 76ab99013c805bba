import HDL

/// A hardware value of either signedness, as the fuzzer handles them.
enum AnyHW {
    case u(HUInt)
    case s(HSInt)

    init(_ node: HUInt) { self = .u(node) }

    var width: Int { switch self { case .u(let v): return v.width; case .s(let v): return v.width } }
    var signed: Bool { if case .s = self { return true }; return false }
    var asU: HUInt { switch self { case .u(let v): return v; case .s(let v): return v.asUInt } }
    var asS: HSInt { switch self { case .u(let v): return v.asSInt; case .s(let v): return v } }
    var bool: HBool { asU.orReduce() }

    /// Drive this signal with `v`, converted to this signal's type.
    func assign(_ v: AnyHW) {
        switch (self, v.coerced(signed: signed, width: width)) {
        case (.s(let d), .s(let x)): d.assign(x)
        case (.u(let d), .u(let x)): d.assign(x)
        default: preconditionFailure("coerced(signed:width:) keeps the signedness asked for")
        }
    }

    /// Same signedness as `like`, resized to `width`.
    func coerced(signed: Bool, width: Int) -> AnyHW {
        signed ? .s(asS.resized(to: width)) : .u(asU.resized(to: width))
    }
}

/// Turns a recipe into a checked module (children become instances).
public enum CircuitBuilder {
    static let maxWidth = 130

    public static func build(_ r: Recipe, name: String = "fuzz_top") throws -> ModuleDef {
        let m = ModuleBuilder(name)
        var values: [AnyHW] = []
        for (i, t) in r.inputs.enumerated() {
            values.append(t.signed ? .s(m.input("in\(i)", .sint(t.width))) : .u(m.input("in\(i)", .uint(t.width))))
        }
        var childCount = 0
        for (k, step) in r.steps.enumerated() {
            let v = try make(step, k: k, m: m, values: values, childCount: &childCount, name: name)
            values.append(v)
        }
        for (j, idx) in r.outputs.enumerated() {
            let v = values[idx]
            if v.signed { m.output("out\(j)", .sint(v.width)).assign(v.asS) } else { m.output("out\(j)", .uint(v.width)).assign(v.asU) }
        }
        return try m.build()
    }

    static func cap(_ v: AnyHW) -> AnyHW { v.width > maxWidth ? v.coerced(signed: v.signed, width: maxWidth) : v }

    static func make(_ step: Recipe.Step, k: Int, m: ModuleBuilder, values: [AnyHW], childCount: inout Int, name: String) throws -> AnyHW {
        switch step {
        case .op(let op, let args, let imm):
            return cap(apply(op, args.map { values[$0] }, imm))
        case .register(let src, let reset, let enable):
            let s = values[src]
            let en = enable.map { values[$0].bool }
            if s.signed {
                let r = m.reg("r\(k)", .sint(s.width), reset: reset.map { clampSigned($0, s.width) }, enable: en)
                r.assign(s.asS)
                return .s(r)
            }
            let r = m.reg("r\(k)", .uint(s.width), reset: reset.map { clampUnsigned($0, s.width) }, enable: en)
            r.assign(s.asU)
            return .u(r)
        case .conditional(let conds, let vals, let isRegister, let nested):
            let t = values[vals[0]]
            let target: AnyHW = isRegister
                ? (t.signed ? .s(m.reg("c\(k)", .sint(t.width), reset: 0)) : .u(m.reg("c\(k)", .uint(t.width), reset: 0)))
                : (t.signed ? .s(m.wire("c\(k)", .sint(t.width))) : .u(m.wire("c\(k)", .uint(t.width))))
            func set(_ v: AnyHW) { target.assign(v) }
            set(t)
            if nested {
                // when(c0) { v1; when(c1) { v2; ... } } otherwise { last value, if any }
                func nest(_ i: Int) {
                    guard i < conds.count else { return }
                    let chain = m.when(values[conds[i]].bool) {
                        set(values[vals[i + 1]])
                        nest(i + 1)
                    }
                    if i == 0 && vals.count > conds.count + 1 { chain.otherwise { set(values[vals[vals.count - 1]]) } }
                }
                nest(0)
            } else if !conds.isEmpty {
                var chain = m.when(values[conds[0]].bool) { set(values[vals[1]]) }
                for i in 1..<conds.count { chain = chain.elsewhen(values[conds[i]].bool) { set(values[vals[i + 1]]) } }
                if vals.count > conds.count + 1 { chain.otherwise { set(values[vals[vals.count - 1]]) } }
            }
            return target
        case .switchOn(let selector, let vals):
            let sel = values[selector].asU.resized(to: 2)
            let t = values[vals[0]]
            let w: AnyHW = t.signed ? .s(m.wire("s\(k)", .sint(t.width))) : .u(m.wire("s\(k)", .uint(t.width)))
            func set(_ v: AnyHW) { w.assign(v) }
            m.switchOn(sel) { s in
                for (i, v) in vals.dropLast().enumerated() { s.is(i) { set(values[v]) } }
                s.otherwise { set(values[vals[vals.count - 1]]) }
            }
            return w
        case .memory(let ab, let we, let wa, let wd, let ra, let sync):
            let d = values[wd]
            // Most memories have a depth that is not a power of two (reads past the end give 0);
            // the depth keeps `ab` address bits.
            let full = 1 << ab
            let mem = m.memory("m\(k)", .uint(d.width), depth: ab == 1 ? 2 : max(full / 2 + 1, full - k % 3))
            m.when(values[we].bool) { mem.write(values[wa].asU.resized(to: ab), d.asU) }
            let addr = values[ra].asU.resized(to: ab)
            return .u(sync ? mem.readSync(addr, name: "m\(k)_q") : mem.read(addr))
        case .instance(let child, let inputs, let output):
            childCount += 1
            let def = try build(child, name: "\(name)_c\(childCount)")
            let inst = m.instance(def, "u\(k)")
            for (i, t) in child.inputs.enumerated() {
                let v = values[inputs[i]].coerced(signed: t.signed, width: t.width)
                if t.signed { inst.input("in\(i)", as: HSInt.self).assign(v.asS) } else { inst.input("in\(i)", as: HUInt.self).assign(v.asU) }
            }
            let port = def.port("out\(output)")!
            return port.signed ? .s(inst.output("out\(output)")) : .u(inst.output("out\(output)"))
        }
    }

    static func clampSigned(_ v: Int, _ w: Int) -> Int {
        let ww = min(w, 62)
        let lo = -(1 << (ww - 1)), hi = (1 << (ww - 1)) - 1
        return min(max(v, lo), hi)
    }

    static func clampUnsigned(_ v: Int, _ w: Int) -> Int { min(abs(v), (1 << min(w, 62)) - 1) }

    static func apply(_ op: Recipe.Op, _ a: [AnyHW], _ imm: [Int]) -> AnyHW {
        let x = a[0]
        func other(_ i: Int, sameWidth: Bool) -> AnyHW {
            a[i].coerced(signed: x.signed, width: sameWidth ? x.width : a[i].width)
        }
        func arith(_ f: (HUInt, HUInt) -> HUInt, _ g: (HSInt, HSInt) -> HSInt, sameWidth: Bool = false) -> AnyHW {
            let y = other(1, sameWidth: sameWidth)
            return x.signed ? .s(g(x.asS, y.asS)) : .u(f(x.asU, y.asU))
        }
        func cmp(_ f: (HUInt, HUInt) -> HBool, _ g: (HSInt, HSInt) -> HBool) -> AnyHW {
            let y = other(1, sameWidth: false)
            return .u((x.signed ? g(x.asS, y.asS) : f(x.asU, y.asU)).asUInt)
        }
        switch op {
        case .add: return arith(+, +)
        case .sub: return arith(-, -)
        case .mul: return arith(*, *)
        case .wrapAdd: return arith(&+, &+)
        case .wrapSub: return arith(&-, &-)
        case .wrapMul: return arith(&*, &*)
        case .and: return arith(&, &, sameWidth: true)
        case .or: return arith(|, |, sameWidth: true)
        case .xor: return arith(^, ^, sameWidth: true)
        case .eq: return cmp(.==, .==)
        case .ne: return cmp(.!=, .!=)
        case .lt: return cmp(.<, .<)
        case .le: return cmp(.<=, .<=)
        case .gt: return cmp(.>, .>)
        case .ge: return cmp(.>=, .>=)
        case .shlConst: return x.signed ? .s(x.asS << imm[0]) : .u(x.asU << imm[0])
        case .shrConst: return x.signed ? .s(x.asS >> imm[0]) : .u(x.asU >> imm[0])
        case .shlDyn: return x.signed ? .s(x.asS << a[1].asU.resized(to: min(a[1].width, 8))) : .u(x.asU << a[1].asU.resized(to: min(a[1].width, 8)))
        case .shrDyn: return x.signed ? .s(x.asS >> a[1].asU.resized(to: min(a[1].width, 8))) : .u(x.asU >> a[1].asU.resized(to: min(a[1].width, 8)))
        case .not: return x.signed ? .s(~x.asS) : .u(~x.asU)
        case .negate: return .s(-x.asS)
        case .andReduce: return .u(x.asU.andReduce().asUInt)
        case .orReduce: return .u(x.asU.orReduce().asUInt)
        case .xorReduce: return .u(x.asU.xorReduce().asUInt)
        case .slice:
            let lo = imm[0] % x.width
            let hi = min(x.width - 1, lo + imm[1] % x.width)
            return .u(x.asU.bits(hi, lo))
        case .resize: return x.coerced(signed: x.signed, width: max(1, imm[0]))
        case .concat: return .u(cat(a.map(\.asU)))
        case .mux:
            let y = other(1, sameWidth: true), z = other(2, sameWidth: true)
            return x.signed ? .s(mux(a[3].bool, y.asS, z.asS)) : .u(mux(a[3].bool, y.asU, z.asU))
        case .reinterpret: return x.signed ? .u(x.asU) : .s(x.asS)
        }
    }
}
