import Dispatch

/// Radix sort of doubles over order-preserving 64-bit integer keys: O(n) where a
/// comparison sort is O(n log n); the first step of the K-Means DP on a million
/// values. One most-significant pass on the top 16 bits (sign, exponent, 4
/// mantissa bits) splits the keys into buckets that, for real data, fit in a
/// core's cache; each bucket is then sorted on its low 48 bits by
/// least-significant passes of 12 bits (insertion sort when tiny). Large inputs
/// run on two threads: the first pass splits the input in two parts, each writing
/// its own slots of every bucket, and the buckets are shared out by size.
/// -0 sorts before +0.
enum RadixSort {
    /// Below this size the standard library's sort is as fast.
    static let threshold = 4096
    /// From this size on, two threads share the work.
    static let parallelThreshold = 1 << 16
    static let topBits = 16
    static let lowDigitBits = 12
    static let lowDigits = (64 - topBits) / lowDigitBits

    static func sorted(_ values: [Double]) -> [Double] {
        let n = values.count
        if n < threshold { return values.sorted() }
        let parts = n >= parallelThreshold ? 2 : 1
        let buckets = 1 << topBits
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        let grouped = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: parts * buckets)
        defer { keys.deallocate(); grouped.deallocate(); counts.deallocate() }
        var result = [Double](repeating: 0, count: n)
        values.withUnsafeBufferPointer { v in
            result.withUnsafeMutableBufferPointer { r in
                let sort = RadixSortBuffers(n: n, parts: parts, values: v.baseAddress!, keys: keys, grouped: grouped,
                                            counts: counts, sorted: r.baseAddress!)
                sort.each { sort.countTop($0) }
                // Each part's slots in each bucket: bucket by bucket, part 0 first.
                var starts = [0]
                var total = 0
                for b in 0..<buckets {
                    for t in 0..<parts {
                        let c = counts[t * buckets + b]
                        counts[t * buckets + b] = total
                        total += c
                    }
                    if total > starts[starts.count - 1] { starts.append(total) }
                }
                sort.each { sort.scatterTop($0) }
                // Share the buckets (runs between consecutive `starts`) out by size.
                var split = 0
                while split < starts.count - 1 && starts[split] < n / 2 { split += 1 }
                let shares = parts == 1 ? [starts] : [Array(starts[...split]), Array(starts[split...])]
                sort.each { sort.sortBuckets(shares[$0]) }
            }
        }
        return result
    }
}

/// The buffers of one sort, shared by its threads; each thread touches only its
/// own part of the input, its own slots of each bucket, or its own buckets.
private struct RadixSortBuffers: @unchecked Sendable {
    let n: Int, parts: Int
    let values: UnsafePointer<Double>
    /// Keys in input order, then the scratch of the bucket sorts.
    let keys: UnsafeMutablePointer<UInt64>
    /// Keys grouped by their top bits.
    let grouped: UnsafeMutablePointer<UInt64>
    /// counts[part * buckets + bucket]: a count, then the part's next slot in that bucket.
    let counts: UnsafeMutablePointer<Int>
    let sorted: UnsafeMutablePointer<Double>
    static let buckets = 1 << RadixSort.topBits
    static let topShift = UInt64(64 - RadixSort.topBits)

    func range(_ part: Int) -> Range<Int> { (part * n / parts)..<((part + 1) * n / parts) }

    /// Runs `body` for every part, on a thread each.
    func each(_ body: @Sendable (Int) -> Void) {
        if parts == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: body) }
    }

    /// Keys whose unsigned order is the numeric order (flip every bit of a negative
    /// number, only the sign bit of a positive one), and the count of each top digit.
    func countTop(_ part: Int) {
        let slot = counts + part * Self.buckets
        slot.update(repeating: 0, count: Self.buckets)
        for i in range(part) {
            let b = values[i].bitPattern
            let key = b >> 63 == 1 ? ~b : b | (1 << 63)
            keys[i] = key
            slot[Int(key >> Self.topShift)] += 1
        }
    }

    func scatterTop(_ part: Int) {
        let slot = counts + part * Self.buckets
        for i in range(part) {
            let key = keys[i]
            let b = Int(key >> Self.topShift)
            grouped[slot[b]] = key
            slot[b] += 1
        }
    }

    /// Sorts the buckets between consecutive `edges` (offsets into `grouped`) on
    /// their low bits and writes them, as doubles, to `sorted`.
    func sortBuckets(_ edges: [Int]) {
        let digitBuckets = 1 << RadixSort.lowDigitBits, mask = UInt64(digitBuckets - 1)
        let digitCounts = UnsafeMutablePointer<Int>.allocate(capacity: RadixSort.lowDigits * digitBuckets)
        defer { digitCounts.deallocate() }
        for e in 0..<(edges.count - 1) {
            let lo = edges[e], size = edges[e + 1] - lo
            var src = grouped + lo, dst = keys + lo
            if size <= 32 {
                insertionSort(src, size)
            } else {
                digitCounts.update(repeating: 0, count: RadixSort.lowDigits * digitBuckets)
                for i in 0..<size {
                    let key = src[i]
                    for d in 0..<RadixSort.lowDigits {
                        digitCounts[d * digitBuckets + Int((key >> UInt64(d * RadixSort.lowDigitBits)) & mask)] += 1
                    }
                }
                for d in 0..<RadixSort.lowDigits {
                    let shift = UInt64(d * RadixSort.lowDigitBits)
                    let slot = digitCounts + d * digitBuckets
                    // A digit every key of the bucket shares would move nothing.
                    if slot[Int((src[0] >> shift) & mask)] == size { continue }
                    var total = 0
                    for b in 0..<digitBuckets { let c = slot[b]; slot[b] = total; total += c }
                    for i in 0..<size {
                        let key = src[i]
                        let b = Int((key >> shift) & mask)
                        dst[slot[b]] = key
                        slot[b] += 1
                    }
                    swap(&src, &dst)
                }
            }
            for i in 0..<size {
                let k = src[i]
                sorted[lo + i] = Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k)
            }
        }
    }

    private func insertionSort(_ a: UnsafeMutablePointer<UInt64>, _ size: Int) {
        if size < 2 { return }
        for i in 1..<size {
            let key = a[i]
            var j = i
            while j > 0 && a[j - 1] > key { a[j] = a[j - 1]; j -= 1 }
            a[j] = key
        }
    }
}
