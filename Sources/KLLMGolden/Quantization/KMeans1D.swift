import Randomness
/// K-Means clustering of scalars (weights and activations are 1-D data).
public enum KMeans1D {
    /// Result of a fit: sorted centroids and the sum of squared errors.
    public struct Fit: Sendable {
        public let centroids: [Double]
        public let sse: Double
    }

    /// Exact optimal K-Means on 1-D data: the clusters of sorted values are runs,
    /// and the best runs are found by dynamic programming over prefix sums. Large
    /// inputs take one penalized pass over the points (`KMeansPenalizedDP`, its
    /// price estimated from the same DP on about 2,000 groups of points), small ones
    /// and the rare inputs where no price gives k clusters take the DP layer by layer
    /// (`KMeansLayeredDP`). The values are sorted by radix. With fewer distinct values
    /// than `k`, every distinct value is a centroid and the last one is repeated to
    /// fill `k` slots.
    public static func optimal(_ data: [Double], k: Int) -> Fit {
        optimal(data, k: k, method: .automatic).fit
    }

    /// How `optimal` solves the DP (tests pin one down).
    enum Method: Equatable {
        /// Penalized from `penalizedMinimum` points on, layered below.
        case automatic
        case layered
        /// Penalized whatever the size (still layered if no price gives k clusters).
        case penalized
    }

    /// Inputs from this many points on take the penalized pass.
    static let penalizedMinimum = 8192

    /// The fit and whether the penalized pass produced it.
    static func optimal(_ data: [Double], k: Int, method: Method) -> (fit: Fit, penalized: Bool) {
        precondition(k >= 1, "k must be at least 1")
        precondition(!data.isEmpty, "cannot cluster an empty set")
        precondition(data.count < Int(Int32.max), "at most \(Int32.max - 1) values (split points are 32-bit)")
        let x = RadixSort.sorted(data)
        let n = x.count
        var distinct: [Double] = []
        for v in x where distinct.last != v {
            distinct.append(v)
            if distinct.count > k { break }
        }
        if distinct.count <= k {
            let c = distinct + Array(repeating: distinct[distinct.count - 1], count: k - distinct.count)
            return (Fit(centroids: c, sse: 0), false)
        }
        let points = KMeansPrefixSums(sorted: x)
        var starts: [Int]? = nil
        if k >= 2 && (method == .penalized || (method == .automatic && n >= penalizedMinimum)) {
            starts = penalizedPartition(x, points, k: k)
        }
        let penalized = starts != nil
        let s = starts ?? KMeansLayeredDP.partition(points, k: k)
        return (Fit(centroids: points.centroids(starts: s), sse: points.sse(starts: s)), penalized)
    }

    /// The penalized pass, its price the middle of the interval of prices that give k
    /// clusters on ~2,000 groups of points (each at most n/2048 points and 1/2048 of
    /// the value range wide): G(k) - G(k+1) ... G(k-1) - G(k) for the least grouped SSE G.
    private static func penalizedPartition(_ x: [Double], _ points: KMeansPrefixSums, k: Int) -> [Int]? {
        let n = x.count
        let edges = KMeansPrefixSums.groupEdges(sorted: x, maxCount: max(1, n / 2048), maxSpan: (x[n - 1] - x[0]) / 2048)
        guard edges.count - 1 >= k + 1 else { return nil }
        let grouped = KMeansLayeredDP.optimalCosts(KMeansPrefixSums(grouping: points, edges: edges), upTo: k + 1)
        let estimate = (grouped[k - 2] - grouped[k]) / 2
        return KMeansPenalizedDP.partition(points, k: k, estimate: estimate, maxPasses: 6 + k / 16)
    }

    /// Lloyd's algorithm with k-means++ seeding (deterministic for a seed).
    /// Stops when no assignment changes or after `maxIterations`.
    public static func lloyd(_ data: [Double], k: Int, seed: UInt64, maxIterations: Int = 100) -> Fit {
        precondition(k >= 1 && !data.isEmpty, "need k >= 1 and data")
        var rng = SeededRandom(seed: seed)
        let x = data.sorted()
        let n = x.count
        // k-means++: first centre uniform, then proportional to squared distance.
        var centres = [x[Int(rng.next() % UInt64(n))]]
        var d2 = x.map { ($0 - centres[0]) * ($0 - centres[0]) }
        while centres.count < k {
            let total = d2.reduce(0, +)
            var pick = n - 1
            if total > 0 {
                var r = Double(rng.next() >> 11) / Double(1 << 53) * total
                for i in 0..<n { r -= d2[i]; if r <= 0 { pick = i; break } }
            } else {
                pick = Int(rng.next() % UInt64(n))
            }
            let c = x[pick]
            centres.append(c)
            for i in 0..<n { d2[i] = min(d2[i], (x[i] - c) * (x[i] - c)) }
        }
        centres.sort()
        // Lloyd iterations; in 1-D the clusters are contiguous runs of the sorted data.
        var sse = 0.0
        var bounds = [Int](repeating: -1, count: k + 1)
        for _ in 0..<maxIterations {
            let thr = (0..<(k - 1)).map { (centres[$0] + centres[$0 + 1]) / 2 }
            var newBounds = [0]
            var i = 0
            for t in thr {
                while i < n && x[i] <= t { i += 1 }
                newBounds.append(i)
            }
            newBounds.append(n)
            if newBounds == bounds { break }
            bounds = newBounds
            for c in 0..<k where bounds[c + 1] > bounds[c] {
                var s = 0.0
                for j in bounds[c]..<bounds[c + 1] { s += x[j] }
                centres[c] = s / Double(bounds[c + 1] - bounds[c])
            }
            centres.sort()
        }
        sse = 0
        let cb = Codebook(centroids: centres)
        for v in x { let d = v - cb.decode(cb.encode(v)); sse += d * d }
        return Fit(centroids: centres, sse: sse)
    }
}
