/// The word kernels behind every operator: arithmetic on little-endian 64-bit
/// word spans of a fixed bit width, the way Verilog computes it. `n` is the word
/// count. `BitVector` (and so constant folding) and the cycle simulator both
/// call these, so they cannot disagree about what an operator means.
public enum WordOps {
    public typealias P = UnsafeMutablePointer<UInt64>

    @inline(__always) public static func topMask(_ width: Int) -> UInt64 {
        let r = width % 64
        return r == 0 ? ~0 : (UInt64(1) << UInt64(r)) &- 1
    }

    @inline(__always) public static func bit(_ a: P, _ i: Int) -> Bool { (a[i >> 6] >> UInt64(i & 63)) & 1 == 1 }

    public static func isZero(_ a: P, _ n: Int) -> Bool {
        for i in 0..<n where a[i] != 0 { return false }
        return true
    }

    public static func add(_ r: P, _ a: P, _ b: P, _ n: Int) {
        var carry: UInt64 = 0
        for i in 0..<n {
            let (s1, o1) = a[i].addingReportingOverflow(b[i])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            r[i] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
    }

    public static func sub(_ r: P, _ a: P, _ b: P, _ n: Int) {
        var borrow: UInt64 = 0
        for i in 0..<n {
            let (d1, o1) = a[i].subtractingReportingOverflow(b[i])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            r[i] = d2
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
    }

    /// r = a * b mod 2^(64n); r must not alias a or b.
    public static func mul(_ r: P, _ a: P, _ b: P, _ n: Int) {
        for i in 0..<n { r[i] = 0 }
        for i in 0..<n where a[i] != 0 {
            var carry: UInt64 = 0
            for j in 0..<(n - i) {
                let (hi, lo) = a[i].multipliedFullWidth(by: b[j])
                let (s1, o1) = r[i + j].addingReportingOverflow(lo)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                r[i + j] = s2
                carry = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
        }
    }

    /// Unsigned or signed a < b at `width` bits.
    public static func less(_ a: P, _ b: P, _ n: Int, width: Int, signed: Bool) -> Bool {
        if signed {
            let sa = bit(a, width - 1), sb = bit(b, width - 1)
            if sa != sb { return sa }
        }
        for i in stride(from: n - 1, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] }
        return false
    }

    public static func equal(_ a: P, _ b: P, _ n: Int) -> Bool {
        for i in 0..<n where a[i] != b[i] { return false }
        return true
    }

    /// r[0..<count] = bits lo..<lo+count of a (r zero above).
    public static func extract(_ r: P, _ rn: Int, _ a: P, lo: Int, count: Int) {
        for i in 0..<rn { r[i] = 0 }
        var k = 0
        while k < count {
            let src = lo + k
            let chunk = min(64 - (src & 63), 64 - (k & 63), count - k)
            let bits = (a[src >> 6] >> UInt64(src & 63)) & (chunk == 64 ? ~0 : (UInt64(1) << UInt64(chunk)) &- 1)
            r[k >> 6] |= bits << UInt64(k & 63)
            k += chunk
        }
    }

    /// ORs `count` bits of `a` (from bit 0) into r at bit offset `at`.
    public static func insert(_ r: P, _ a: P, at: Int, count: Int) {
        var k = 0
        while k < count {
            let dst = at + k
            let chunk = min(64 - (dst & 63), 64 - (k & 63), count - k)
            let bits = (a[k >> 6] >> UInt64(k & 63)) & (chunk == 64 ? ~0 : (UInt64(1) << UInt64(chunk)) &- 1)
            r[dst >> 6] |= bits << UInt64(dst & 63)
            k += chunk
        }
    }

    /// r = a extended (sign or zero) or truncated from `from` to `to` bits.
    public static func resize(_ r: P, _ rn: Int, _ a: P, from: Int, to: Int, signed: Bool) {
        extract(r, rn, a, lo: 0, count: min(from, to))
        if to > from && signed && bit(a, from - 1) {
            for i in from..<to { r[i >> 6] |= UInt64(1) << UInt64(i & 63) }
        }
    }

    /// r = a << s (width bits), s the shift amount.
    public static func shiftLeft(_ r: P, _ a: P, _ n: Int, width: Int, by s: Int) {
        for i in 0..<n { r[i] = 0 }
        guard s < width else { return }
        insert(r, a, at: s, count: width - s)
        r[n - 1] &= topMask(width)
    }

    /// r = a >> s, arithmetic when `signed`.
    public static func shiftRight(_ r: P, _ a: P, _ n: Int, width: Int, by s: Int, signed: Bool) {
        let fill = signed && bit(a, width - 1)
        for i in 0..<n { r[i] = 0 }
        if s < width { extract(r, n, a, lo: s, count: width - s) }
        if fill {
            for i in max(0, width - s)..<width { r[i >> 6] |= UInt64(1) << UInt64(i & 63) }
        }
    }
}

extension WordOps {
    /// r = ~a, masked to `width`.
    public static func not(_ r: P, _ a: P, _ n: Int, width: Int) {
        for i in 0..<n { r[i] = ~a[i] }
        r[n - 1] &= topMask(width)
    }

    /// r = -a (two's complement), masked to `width`.
    public static func negate(_ r: P, _ a: P, _ n: Int, width: Int) {
        var carry: UInt64 = 1
        for i in 0..<n {
            let (s, o) = (~a[i]).addingReportingOverflow(carry)
            r[i] = s
            carry = o ? 1 : 0
        }
        r[n - 1] &= topMask(width)
    }

    /// Whether every one of the `width` bits of `a` is 1.
    public static func allOnes(_ a: P, _ n: Int, width: Int) -> Bool {
        for i in 0..<n {
            let m = i == n - 1 ? topMask(width) : ~0
            if a[i] & m != m { return false }
        }
        return true
    }

    /// Odd parity of `a`.
    public static func parity(_ a: P, _ n: Int) -> Bool {
        var p = 0
        for i in 0..<n { p += a[i].nonzeroBitCount }
        return p & 1 == 1
    }

    /// `a <op> b` at `width` bits; `signed` decides the order (two's complement or unsigned).
    public static func compare(_ c: Comparison, _ a: P, _ b: P, _ n: Int, width: Int, signed: Bool) -> Bool {
        switch c {
        case .eq: return equal(a, b, n)
        case .ne: return !equal(a, b, n)
        case .lt: return less(a, b, n, width: width, signed: signed)
        case .ge: return !less(a, b, n, width: width, signed: signed)
        case .gt: return less(b, a, n, width: width, signed: signed)
        case .le: return !less(b, a, n, width: width, signed: signed)
        }
    }

    /// A shift amount held in `n` words, saturated to Int.max.
    public static func shiftAmount(_ a: P, _ n: Int) -> Int {
        guard n == 1 || isZero(a + 1, n - 1) else { return Int.max }
        return a[0] > UInt64(Int.max) ? Int.max : Int(a[0])
    }
}

/// The six comparisons; the operator carries its signedness separately.
public enum Comparison: String, Sendable, Hashable, CaseIterable {
    case eq, ne, lt, le, gt, ge
}
