/// Prefix sums of a sorted, possibly weighted sequence, indexed by prefix length:
/// element e (of `count`) has weight w, sum s and sum of squares q, and
/// `weight[c]`, `sum[c]`, `squares[c]` add up elements 0..<c. The SSE of a run of
/// elements b..<c about its mean is then O(1), so every K-Means DP works on these.
/// Values are centred on the mean of the data before summing (less cancellation).
struct KMeansPrefixSums {
    let weight: [Double]
    let sum: [Double]
    let squares: [Double]
    /// The mean the values were centred on.
    let mean: Double

    /// Number of elements.
    var count: Int { weight.count - 1 }

    /// One element per value of the sorted array `x`.
    init(sorted x: [Double]) {
        let n = x.count
        let mean = x.reduce(0, +) / Double(n)
        var weight = [Double](repeating: 0, count: n + 1), sum = weight, squares = weight
        var s = 0.0, q = 0.0
        for i in 0..<n {
            let v = x[i] - mean
            s += v
            q += v * v
            weight[i + 1] = Double(i + 1)
            sum[i + 1] = s
            squares[i + 1] = q
        }
        self.weight = weight
        self.sum = sum
        self.squares = squares
        self.mean = mean
    }

    /// Elements are the runs between consecutive `edges` (prefix lengths) of `points`.
    init(grouping points: KMeansPrefixSums, edges: [Int]) {
        weight = edges.map { points.weight[$0] }
        sum = edges.map { points.sum[$0] }
        squares = edges.map { points.squares[$0] }
        mean = points.mean
    }

    /// SSE of elements b..<c about their mean (0 for an empty run).
    func cost(_ b: Int, _ c: Int) -> Double {
        if c <= b { return 0 }
        return Self.runSSE(weight: weight[c] - weight[b], sum: sum[c] - sum[b], squares: squares[c] - squares[b])
    }

    /// SSE about the mean of a run with this weight, sum and sum of squares
    /// (never below 0, which rounding could give): the one cost every DP minimises.
    @inline(__always) static func runSSE(weight: Double, sum: Double, squares: Double) -> Double {
        max(0, squares - sum * sum / weight)
    }

    /// Mean of elements b..<c in the original (uncentred) values.
    func centroid(_ b: Int, _ c: Int) -> Double {
        (sum[c] - sum[b]) / (weight[c] - weight[b]) + mean
    }

    /// The element runs of the partition whose clusters start at `starts`
    /// (ascending, the first 0).
    func clusters(starts: [Int]) -> [Range<Int>] {
        starts.indices.map { m in starts[m]..<(m + 1 < starts.count ? starts[m + 1] : count) }
    }

    /// Centroid of each cluster of the partition.
    func centroids(starts: [Int]) -> [Double] {
        clusters(starts: starts).map { centroid($0.lowerBound, $0.upperBound) }
    }

    /// Total SSE of the partition, summed cluster by cluster, in the order a DP adds them.
    func sse(starts: [Int]) -> Double {
        clusters(starts: starts).reduce(0) { $0 + cost($1.lowerBound, $1.upperBound) }
    }

    /// The prefix sums as raw pointers, for the DPs' inner loops.
    func withPointers<R>(_ body: (KMeansPrefixPointers) -> R) -> R {
        weight.withUnsafeBufferPointer { w in
            sum.withUnsafeBufferPointer { s in
                squares.withUnsafeBufferPointer { q in
                    body(KMeansPrefixPointers(weight: w.baseAddress!, sum: s.baseAddress!, squares: q.baseAddress!))
                }
            }
        }
    }

    /// Groups of consecutive points, each at most `maxCount` points and at most
    /// `maxSpan` wide in value (so sparse tails get narrow groups): the edges as
    /// prefix lengths, from 0 to the point count.
    static func groupEdges(sorted x: [Double], maxCount: Int, maxSpan: Double) -> [Int] {
        var edges = [0]
        var start = 0
        for i in 1..<x.count where i - start >= maxCount || x[i] - x[start] > maxSpan {
            edges.append(i)
            start = i
        }
        edges.append(x.count)
        return edges
    }
}

/// `KMeansPrefixSums` seen through raw pointers (valid inside `withPointers`).
struct KMeansPrefixPointers: @unchecked Sendable {
    let weight: UnsafePointer<Double>, sum: UnsafePointer<Double>, squares: UnsafePointer<Double>

    /// SSE of elements b..<c, b < c.
    @inline(__always) func cost(_ b: Int, _ c: Int) -> Double {
        KMeansPrefixSums.runSSE(weight: weight[c] - weight[b], sum: sum[c] - sum[b], squares: squares[c] - squares[b])
    }
}
