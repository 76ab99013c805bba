/// Arithmetic on little-endian 64-bit word spans of a fixed bit width, the way
/// Verilog computes it (results masked to the width). `n` is the word count.
enum WordOps {
    typealias P = UnsafeMutablePointer<UInt64>

    @inline(__always) static func topMask(_ width: Int) -> UInt64 {
        let r = width % 64
        return r == 0 ? ~0 : (UInt64(1) << UInt64(r)) &- 1
    }

    @inline(__always) static func bit(_ a: P, _ i: Int) -> Bool { (a[i >> 6] >> UInt64(i & 63)) & 1 == 1 }

    static func isZero(_ a: P, _ n: Int) -> Bool {
        for i in 0..<n where a[i] != 0 { return false }
        return true
    }

    static func add(_ r: P, _ a: P, _ b: P, _ n: Int) {
        var carry: UInt64 = 0
        for i in 0..<n {
            let (s1, o1) = a[i].addingReportingOverflow(b[i])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            r[i] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
    }

    static func sub(_ r: P, _ a: P, _ b: P, _ n: Int) {
        var borrow: UInt64 = 0
        for i in 0..<n {
            let (d1, o1) = a[i].subtractingReportingOverflow(b[i])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            r[i] = d2
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
    }

    /// r = a * b mod 2^(64n); r must not alias a or b.
    static func mul(_ r: P, _ a: P, _ b: P, _ n: Int) {
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
    static func less(_ a: P, _ b: P, _ n: Int, width: Int, signed: Bool) -> Bool {
        if signed {
            let sa = bit(a, width - 1), sb = bit(b, width - 1)
            if sa != sb { return sa }
        }
        for i in stride(from: n - 1, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] }
        return false
    }

    static func equal(_ a: P, _ b: P, _ n: Int) -> Bool {
        for i in 0..<n where a[i] != b[i] { return false }
        return true
    }

    /// r[0..<count] = bits lo..<lo+count of a (r zero above).
    static func extract(_ r: P, _ rn: Int, _ a: P, lo: Int, count: Int) {
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
    static func insert(_ r: P, _ a: P, at: Int, count: Int) {
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
    static func resize(_ r: P, _ rn: Int, _ a: P, from: Int, to: Int, signed: Bool) {
        extract(r, rn, a, lo: 0, count: min(from, to))
        if to > from && signed && bit(a, from - 1) {
            for i in from..<to { r[i >> 6] |= UInt64(1) << UInt64(i & 63) }
        }
    }

    /// r = a << s (width bits), s the shift amount.
    static func shiftLeft(_ r: P, _ a: P, _ n: Int, width: Int, by s: Int) {
        for i in 0..<n { r[i] = 0 }
        guard s < width else { return }
        insert(r, a, at: s, count: width - s)
        r[n - 1] &= topMask(width)
    }

    /// r = a >> s, arithmetic when `signed`.
    static func shiftRight(_ r: P, _ a: P, _ n: Int, width: Int, by s: Int, signed: Bool) {
        let fill = signed && bit(a, width - 1)
        for i in 0..<n { r[i] = 0 }
        if s < width { extract(r, n, a, lo: s, count: width - s) }
        if fill {
            for i in max(0, width - s)..<width { r[i >> 6] |= UInt64(1) << UInt64(i & 63) }
        }
    }
}
