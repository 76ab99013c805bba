import Randomness
/// K-Means clustering of scalars (weights and activations are 1-D data).
public enum KMeans1D {
    /// Result of a fit: sorted centroids and the sum of squared errors.
    public struct Fit: Sendable {
        public let centroids: [Double]
        public let sse: Double
    }

    /// Exact optimal K-Means on 1-D data by dynamic programming over the sorted
    /// values (as in Ckmeans.1d.dp): D[m][i] = min_j D[m-1][j-1] + SSE(x[j...i]),
    /// each layer solved by divide and conquer on the monotone split point, so the
    /// cost is O(k·n·log n) time and O(k·n) memory for the backtrack.
    /// With fewer distinct values than `k`, every distinct value is a centroid and
    /// the last one is repeated to fill `k` slots.
    public static func optimal(_ data: [Double], k: Int) -> Fit {
        precondition(k >= 1, "k must be at least 1")
        precondition(!data.isEmpty, "cannot cluster an empty set")
        let x = data.sorted()
        let n = x.count
        var distinct: [Double] = []
        for v in x where distinct.last != v { distinct.append(v) }
        if distinct.count <= k {
            let c = distinct + Array(repeating: distinct[distinct.count - 1], count: k - distinct.count)
            return Fit(centroids: c, sse: 0)
        }
        // Prefix sums of the centred values (centring keeps the cancellation small).
        let mean = x.reduce(0, +) / Double(n)
        var s1 = [Double](repeating: 0, count: n + 1), s2 = [Double](repeating: 0, count: n + 1)
        for i in 0..<n {
            let v = x[i] - mean
            s1[i + 1] = s1[i] + v
            s2[i + 1] = s2[i] + v * v
        }
        @inline(__always) func cost(_ j: Int, _ i: Int) -> Double {  // SSE of x[j...i]
            let cnt = Double(i - j + 1)
            let s = s1[i + 1] - s1[j]
            return max(0, (s2[i + 1] - s2[j]) - s * s / cnt)
        }
        var prev = [Double](repeating: 0, count: n)
        for i in 0..<n { prev[i] = cost(0, i) }
        var back = [[Int32]](repeating: [], count: k)
        back[0] = [Int32](repeating: 0, count: n)
        var cur = [Double](repeating: .infinity, count: n)
        for m in 1..<k {
            var arg = [Int32](repeating: 0, count: n)
            // cur[i] for i >= m: split j in m...i, cluster m covers x[j...i].
            func solve(_ lo: Int, _ hi: Int, _ optLo: Int, _ optHi: Int) {
                if lo > hi { return }
                let mid = (lo + hi) / 2
                var best = Double.infinity, bestJ = max(optLo, m)
                let upper = min(mid, optHi)
                var j = max(optLo, m)
                while j <= upper {
                    let v = prev[j - 1] + cost(j, mid)
                    if v < best { best = v; bestJ = j }
                    j += 1
                }
                cur[mid] = best
                arg[mid] = Int32(bestJ)
                solve(lo, mid - 1, optLo, bestJ)
                solve(mid + 1, hi, bestJ, optHi)
            }
            for i in 0..<m { cur[i] = .infinity }
            solve(m, n - 1, m, n - 1)
            back[m] = arg
            swap(&prev, &cur)
        }
        // Backtrack the cluster boundaries.
        var centroids = [Double](repeating: 0, count: k)
        var end = n - 1
        for m in stride(from: k - 1, through: 0, by: -1) {
            let start = m == 0 ? 0 : Int(back[m][end])
            let cnt = Double(end - start + 1)
            centroids[m] = (s1[end + 1] - s1[start]) / cnt + mean
            end = start - 1
        }
        return Fit(centroids: centroids, sse: prev[n - 1])
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
