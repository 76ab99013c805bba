/// Least-significant-digit radix sort of doubles (11-bit digits, six passes over
/// order-preserving integer keys): O(n) where a comparison sort is O(n log n); the
/// first step of the K-Means DP on a million values. -0 sorts before +0.
enum RadixSort {
    /// Below this size the standard library's sort is as fast.
    static let threshold = 4096

    static func sorted(_ values: [Double]) -> [Double] {
        let n = values.count
        if n < threshold { return values.sorted() }
        // Keys whose unsigned order is the numeric order: flip every bit of a
        // negative number, only the sign bit of a positive one.
        var keys = values.map { v -> UInt64 in
            let b = v.bitPattern
            return b >> 63 == 1 ? ~b : b | (1 << 63)
        }
        var scratch = [UInt64](repeating: 0, count: n)
        let digitBits = 11, buckets = 1 << digitBits
        let mask = UInt64(buckets - 1)
        var next = [Int](repeating: 0, count: buckets)
        for pass in 0..<((64 + digitBits - 1) / digitBits) {
            let shift = UInt64(pass * digitBits)
            let moved = keys.withUnsafeBufferPointer { src in
                scratch.withUnsafeMutableBufferPointer { dst in
                    next.withUnsafeMutableBufferPointer { slot -> Bool in
                        for i in 0..<buckets { slot[i] = 0 }
                        for k in src { slot[Int((k >> shift) & mask)] += 1 }
                        // A digit every key shares would move nothing.
                        if slot[Int((src[0] >> shift) & mask)] == n { return false }
                        var total = 0
                        for i in 0..<buckets { let c = slot[i]; slot[i] = total; total += c }
                        for k in src {
                            let d = Int((k >> shift) & mask)
                            dst[slot[d]] = k
                            slot[d] += 1
                        }
                        return true
                    }
                }
            }
            if moved { swap(&keys, &scratch) }
        }
        return keys.map { k in Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k) }
    }
}
