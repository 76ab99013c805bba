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
        let s = sum[c] - sum[b]
        return max(0, (squares[c] - squares[b]) - s * s / (weight[c] - weight[b]))
    }

    /// Mean of elements b..<c in the original (uncentred) values.
    func centroid(_ b: Int, _ c: Int) -> Double {
        (sum[c] - sum[b]) / (weight[c] - weight[b]) + mean
    }

    /// Total SSE of the partition whose clusters start at `starts` (ascending, the
    /// first 0); summed cluster by cluster, in the order a DP adds them.
    func sse(starts: [Int]) -> Double {
        var total = 0.0
        for (m, b) in starts.enumerated() { total += cost(b, m + 1 < starts.count ? starts[m + 1] : count) }
        return total
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
