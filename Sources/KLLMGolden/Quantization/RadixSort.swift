/// Least-significant-digit radix sort of doubles (11-bit digits over order-
/// preserving integer keys; one counting pass for all six digits, then one scatter
/// per digit that varies): O(n) where a comparison sort is O(n log n); the first
/// step of the K-Means DP on a million values. -0 sorts before +0.
enum RadixSort {
    /// Below this size the standard library's sort is as fast.
    static let threshold = 4096
    static let digitBits = 11
    static let digits = (64 + digitBits - 1) / digitBits

    static func sorted(_ values: [Double]) -> [Double] {
        let n = values.count
        if n < threshold { return values.sorted() }
        let buckets = 1 << digitBits, mask = UInt64(buckets - 1)
        // Keys whose unsigned order is the numeric order: flip every bit of a
        // negative number, only the sign bit of a positive one.
        var keys = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: digits * buckets)
        values.withUnsafeBufferPointer { v in
            keys.withUnsafeMutableBufferPointer { k in
                counts.withUnsafeMutableBufferPointer { c in
                    for i in 0..<n {
                        let b = v[i].bitPattern
                        let key = b >> 63 == 1 ? ~b : b | (1 << 63)
                        k[i] = key
                        for d in 0..<digits { c[d * buckets + Int((key >> UInt64(d * digitBits)) & mask)] += 1 }
                    }
                }
            }
        }
        var scratch = [UInt64](repeating: 0, count: n)
        for d in 0..<digits {
            let shift = UInt64(d * digitBits)
            let moved = keys.withUnsafeBufferPointer { src in
                scratch.withUnsafeMutableBufferPointer { dst in
                    counts.withUnsafeMutableBufferPointer { c -> Bool in
                        let slot = c.baseAddress! + d * buckets
                        // A digit every key shares would move nothing.
                        if slot[Int((src[0] >> shift) & mask)] == n { return false }
                        var total = 0
                        for i in 0..<buckets { let count = slot[i]; slot[i] = total; total += count }
                        for key in src {
                            let b = Int((key >> shift) & mask)
                            dst[slot[b]] = key
                            slot[b] += 1
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
