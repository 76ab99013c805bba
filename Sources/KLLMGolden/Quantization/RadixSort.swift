import Dispatch

/// Least-significant-digit radix sort of doubles (11-bit digits over order-
/// preserving integer keys, one stable scatter per digit that varies): O(n) where
/// a comparison sort is O(n log n); the first step of the K-Means DP on a million
/// values. Large inputs are split in two parts, each counted and scattered by its
/// own thread into its own slots of every bucket (the first part's before the
/// second's, so each pass stays stable). -0 sorts before +0.
enum RadixSort {
    /// Below this size the standard library's sort is as fast.
    static let threshold = 4096
    /// From this size on, two threads share every pass.
    static let parallelThreshold = 1 << 16
    static let digitBits = 11
    static let digits = (64 + digitBits - 1) / digitBits

    static func sorted(_ values: [Double]) -> [Double] {
        let n = values.count
        if n < threshold { return values.sorted() }
        let parts = n >= parallelThreshold ? 2 : 1
        let buckets = 1 << digitBits
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: parts * buckets)
        defer { keys.deallocate(); scratch.deallocate(); counts.deallocate() }
        var result = [Double](repeating: 0, count: n)
        values.withUnsafeBufferPointer { v in
            result.withUnsafeMutableBufferPointer { r in
                var pass = RadixPass(n: n, parts: parts, src: keys, dst: scratch, counts: counts,
                                     values: UnsafeMutablePointer(mutating: v.baseAddress!), sorted: r.baseAddress!)
                let first = pass
                first.each { first.toKeys($0) }
                for d in 0..<digits {
                    let shift = UInt64(d * digitBits)
                    let counting = pass
                    counting.each { counting.count($0, shift) }
                    // A digit every key shares would move nothing.
                    if (0..<buckets).contains(where: { b in (0..<parts).reduce(0) { $0 + counts[$1 * buckets + b] } == n }) { continue }
                    var total = 0
                    for b in 0..<buckets {
                        for t in 0..<parts {
                            let c = counts[t * buckets + b]
                            counts[t * buckets + b] = total
                            total += c
                        }
                    }
                    let scattering = pass
                    scattering.each { scattering.scatter($0, shift) }
                    swap(&pass.src, &pass.dst)
                }
                let last = pass
                last.each { last.toValues($0) }
            }
        }
        return result
    }
}

/// The buffers of one sort, shared by the threads of a pass: each part reads its
/// own range of `src` and writes only the slots its counts reserve in `dst`.
private struct RadixPass: @unchecked Sendable {
    let n: Int, parts: Int
    var src: UnsafeMutablePointer<UInt64>, dst: UnsafeMutablePointer<UInt64>
    /// counts[part * buckets + bucket]: a count, then the part's next slot in that bucket.
    let counts: UnsafeMutablePointer<Int>
    let values: UnsafeMutablePointer<Double>, sorted: UnsafeMutablePointer<Double>
    static let buckets = 1 << RadixSort.digitBits
    static let mask = UInt64(buckets - 1)

    func range(_ part: Int) -> Range<Int> { (part * n / parts)..<((part + 1) * n / parts) }

    /// Runs `body` for every part, on a thread each.
    func each(_ body: @Sendable (Int) -> Void) {
        if parts == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: body) }
    }

    /// Keys whose unsigned order is the numeric order: flip every bit of a negative
    /// number, only the sign bit of a positive one.
    func toKeys(_ part: Int) {
        for i in range(part) {
            let b = values[i].bitPattern
            src[i] = b >> 63 == 1 ? ~b : b | (1 << 63)
        }
    }

    func toValues(_ part: Int) {
        for i in range(part) {
            let k = src[i]
            sorted[i] = Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k)
        }
    }

    func count(_ part: Int, _ shift: UInt64) {
        let slot = counts + part * Self.buckets
        slot.update(repeating: 0, count: Self.buckets)
        for i in range(part) { slot[Int((src[i] >> shift) & Self.mask)] += 1 }
    }

    func scatter(_ part: Int, _ shift: UInt64) {
        let slot = counts + part * Self.buckets
        for i in range(part) {
            let key = src[i]
            let b = Int((key >> shift) & Self.mask)
            dst[slot[b]] = key
            slot[b] += 1
        }
    }
}
