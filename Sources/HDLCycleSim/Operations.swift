import BitVector
import HDL

extension CompiledDesign {
    /// The instruction computing `node` into slot `r` from operand slots `a`.
    func operation(_ inst: Instance, _ node: ExprNode, _ r: Int, _ a: [Int]) -> Step {
        let w = node.width
        let n = words(w)
        let mask = WordOps.topMask(w)
        let opw = node.args.first?.width ?? w
        let on = words(opw)
        let b = buffer
        switch node.op {
        case .not:
            return { WordOps.not(b + r, b + a[0], n, width: w) }
        case .negate:
            return { WordOps.negate(b + r, b + a[0], n, width: w) }
        case .reduceAnd:
            return { b[r] = WordOps.allOnes(b + a[0], on, width: opw) ? 1 : 0 }
        case .reduceOr:
            return { b[r] = WordOps.isZero(b + a[0], on) ? 0 : 1 }
        case .reduceXor:
            return { b[r] = WordOps.parity(b + a[0], on) ? 1 : 0 }
        // One-word add/sub/mul inline the kernels' arithmetic (wrap, then mask).
        case .add:
            if n == 1 { return { b[r] = (b[a[0]] &+ b[a[1]]) & mask } }
            return { WordOps.add(b + r, b + a[0], b + a[1], n); b[r + n - 1] &= mask }
        case .sub:
            if n == 1 { return { b[r] = (b[a[0]] &- b[a[1]]) & mask } }
            return { WordOps.sub(b + r, b + a[0], b + a[1], n); b[r + n - 1] &= mask }
        case .mul:
            if n == 1 { return { b[r] = (b[a[0]] &* b[a[1]]) & mask } }
            let tmp = P.allocate(capacity: n)
            scratch.append(tmp)
            return {
                WordOps.mul(tmp, b + a[0], b + a[1], n)
                for i in 0..<n { b[r + i] = tmp[i] }
                b[r + n - 1] &= mask
            }
        case .and:
            return { for i in 0..<n { b[r + i] = b[a[0] + i] & b[a[1] + i] } }
        case .or:
            return { for i in 0..<n { b[r + i] = b[a[0] + i] | b[a[1] + i] } }
        case .xor:
            return { for i in 0..<n { b[r + i] = b[a[0] + i] ^ b[a[1] + i] } }
        case .compare(let c, let signed):
            // One closure per comparison (WordOps.compare's own cases, chosen once here).
            switch c {
            case .eq: return { b[r] = WordOps.equal(b + a[0], b + a[1], on) ? 1 : 0 }
            case .ne: return { b[r] = WordOps.equal(b + a[0], b + a[1], on) ? 0 : 1 }
            case .lt: return { b[r] = WordOps.less(b + a[0], b + a[1], on, width: opw, signed: signed) ? 1 : 0 }
            case .ge: return { b[r] = WordOps.less(b + a[0], b + a[1], on, width: opw, signed: signed) ? 0 : 1 }
            case .gt: return { b[r] = WordOps.less(b + a[1], b + a[0], on, width: opw, signed: signed) ? 1 : 0 }
            case .le: return { b[r] = WordOps.less(b + a[1], b + a[0], on, width: opw, signed: signed) ? 0 : 1 }
            }
        case .shiftLeft:
            let sn = words(node.args[1].width)
            return { WordOps.shiftLeft(b + r, b + a[0], n, width: w, by: WordOps.shiftAmount(b + a[1], sn)) }
        case .shiftRight(let arithmetic):
            let sn = words(node.args[1].width)
            return { WordOps.shiftRight(b + r, b + a[0], n, width: w, by: WordOps.shiftAmount(b + a[1], sn), signed: arithmetic) }
        case .mux:
            return {
                let src = b[a[0]] != 0 ? a[1] : a[2]
                for i in 0..<n { b[r + i] = b[src + i] }
            }
        case .slice(_, let lo):
            return { WordOps.extract(b + r, n, b + a[0], lo: lo, count: w) }
        case .concat:
            let widths = node.args.map(\.width)
            return {
                for i in 0..<n { b[r + i] = 0 }
                var at = w
                for (k, slot) in a.enumerated() {
                    at -= widths[k]
                    WordOps.insert(b + r, b + slot, at: at, count: widths[k])
                }
            }
        case .extend(let signed):
            return { WordOps.resize(b + r, n, b + a[0], from: opw, to: w, signed: signed) }
        case .memoryRead(let mem):
            let store = memories[inst.memSlots[ObjectIdentifier(mem)]!]
            let depth = mem.depth
            let an = words(node.args[0].width)
            return {
                let high = an > 1 && !WordOps.isZero(b + a[0] + 1, an - 1)
                let addr = b[a[0]]
                if high || addr >= UInt64(depth) {
                    for i in 0..<n { b[r + i] = 0 }
                } else {
                    let base = Int(addr) * n
                    for i in 0..<n { b[r + i] = store[base + i] }
                }
            }
        case .signal, .constant, .reinterpret, .poison:
            preconditionFailure("handled before operation()")
        }
    }
}
