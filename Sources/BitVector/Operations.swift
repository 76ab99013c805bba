/// The operators on constant bits. Each runs the `WordOps` kernel the cycle
/// simulator runs for the same IR operator.
extension BitVector {
    /// Runs `kernel` on a fresh `width`-bit result and the operands' words.
    private static func compute(_ width: Int, _ operands: [BitVector], _ kernel: (WordOps.P, [WordOps.P]) -> Void) -> BitVector {
        let n = wordCount(width)
        let r = WordOps.P.allocate(capacity: n)
        defer { r.deallocate() }
        r.initialize(repeating: 0, count: n)
        let ps = operands.map { v -> WordOps.P in
            // Operands padded to the result's word count, so kernels may read n words.
            let p = WordOps.P.allocate(capacity: max(n, v.words.count))
            p.initialize(repeating: 0, count: max(n, v.words.count))
            for (i, w) in v.words.enumerated() { p[i] = w }
            return p
        }
        defer { ps.forEach { $0.deallocate() } }
        kernel(r, ps)
        return BitVector(words: Array(UnsafeBufferPointer(start: r, count: n)), width: width)
    }

    private func sameWidth(_ b: BitVector, _ op: String) {
        precondition(width == b.width, "\(op) of a \(width)-bit and a \(b.width)-bit vector")
    }

    /// Wrapping add, subtract, multiply at the operands' (equal) width.
    public func adding(_ b: BitVector) -> BitVector {
        sameWidth(b, "+"); return Self.compute(width, [self, b]) { WordOps.add($0, $1[0], $1[1], Self.wordCount(width)) }
    }
    public func subtracting(_ b: BitVector) -> BitVector {
        sameWidth(b, "-"); return Self.compute(width, [self, b]) { WordOps.sub($0, $1[0], $1[1], Self.wordCount(width)) }
    }
    public func multiplying(_ b: BitVector) -> BitVector {
        sameWidth(b, "*"); return Self.compute(width, [self, b]) { WordOps.mul($0, $1[0], $1[1], Self.wordCount(width)) }
    }
    public func and(_ b: BitVector) -> BitVector { sameWidth(b, "&"); return BitVector(words: zip(words, b.words).map { $0 & $1 }, width: width) }
    public func or(_ b: BitVector) -> BitVector { sameWidth(b, "|"); return BitVector(words: zip(words, b.words).map { $0 | $1 }, width: width) }
    public func xor(_ b: BitVector) -> BitVector { sameWidth(b, "^"); return BitVector(words: zip(words, b.words).map { $0 ^ $1 }, width: width) }
    public func not() -> BitVector { Self.compute(width, [self]) { WordOps.not($0, $1[0], Self.wordCount(width), width: width) } }
    public func negated() -> BitVector { Self.compute(width, [self]) { WordOps.negate($0, $1[0], Self.wordCount(width), width: width) } }

    /// AND / OR / XOR of all bits.
    public func reduceAnd() -> Bool { withPointer { WordOps.allOnes($0, words.count, width: width) } }
    public func reduceOr() -> Bool { !isZero }
    public func reduceXor() -> Bool { withPointer { WordOps.parity($0, words.count) } }

    /// `self <c> b`, ordered as two's complement when `signed`.
    public func compare(_ c: Comparison, _ b: BitVector, signed: Bool) -> Bool {
        sameWidth(b, c.rawValue)
        return withPointer { a in b.withPointer { bp in WordOps.compare(c, a, bp, words.count, width: width, signed: signed) } }
    }

    /// Shifted left by `amount` (width kept).
    public func shiftedLeft(by amount: Int) -> BitVector {
        Self.compute(width, [self]) { WordOps.shiftLeft($0, $1[0], Self.wordCount(width), width: width, by: amount) }
    }

    /// Shifted right by `amount`, filling with the sign bit when `arithmetic`.
    public func shiftedRight(by amount: Int, arithmetic: Bool) -> BitVector {
        Self.compute(width, [self]) { WordOps.shiftRight($0, $1[0], Self.wordCount(width), width: width, by: amount, signed: arithmetic) }
    }

    /// Bits `lo ..< lo + count`.
    public func slice(lo: Int, count: Int) -> BitVector {
        precondition(lo >= 0 && count >= 1 && lo + count <= width, "slice [\(lo + count - 1):\(lo)] of a \(width)-bit vector")
        return Self.compute(count, [self]) { WordOps.extract($0, Self.wordCount(count), $1[0], lo: lo, count: count) }
    }

    /// `{high, self}`: `high` above this value's bits.
    public func concat(_ high: BitVector) -> BitVector {
        let w = width + high.width
        return Self.compute(w, [self, high]) { r, p in
            WordOps.insert(r, p[0], at: 0, count: width)
            WordOps.insert(r, p[1], at: width, count: high.width)
        }
    }

    /// Extended to `to` bits (sign-extended when `signed`, else zero-extended) or truncated.
    public func extended(to: Int, signed: Bool) -> BitVector {
        Self.compute(to, [self]) { WordOps.resize($0, Self.wordCount(to), $1[0], from: width, to: to, signed: signed) }
    }

    /// The amount this value means as a shift distance (saturating).
    public var shiftAmount: Int { withPointer { WordOps.shiftAmount($0, words.count) } }

    private func withPointer<R>(_ body: (WordOps.P) -> R) -> R {
        var copy = words
        return copy.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}
