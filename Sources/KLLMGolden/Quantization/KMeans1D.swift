import Dispatch
import Randomness
/// K-Means clustering of scalars (weights and activations are 1-D data).
public enum KMeans1D {
    /// Result of a fit: sorted centroids and the sum of squared errors.
    public struct Fit: Sendable {
        public let centroids: [Double]
        public let sse: Double
    }

    /// Exact optimal K-Means on 1-D data by dynamic programming over the sorted
    /// values (as in Ckmeans.1d.dp): D[m][i] = min_j D[m-1][j-1] + SSE(x[j...i]).
    /// The split point is monotone in i, so each layer is solved by divide and
    /// conquer: O(n log n) cost evaluations in a tight loop over raw buffers (a
    /// table of reciprocals instead of divisions), the two halves of each layer on
    /// two threads; the last layer needs its final row only; the values are sorted
    /// by radix. O(k·n) memory for the backtrack. With fewer distinct values than `k`, every distinct
    /// value is a centroid and the last one is repeated to fill `k` slots.
    public static func optimal(_ data: [Double], k: Int) -> Fit {
        precondition(k >= 1, "k must be at least 1")
        precondition(!data.isEmpty, "cannot cluster an empty set")
        let x = RadixSort.sorted(data)
        let n = x.count
        var distinct: [Double] = []
        for v in x where distinct.last != v {
            distinct.append(v)
            if distinct.count > k { break }
        }
        if distinct.count <= k {
            let c = distinct + Array(repeating: distinct[distinct.count - 1], count: k - distinct.count)
            return Fit(centroids: c, sse: 0)
        }
        // Prefix sums of the centred values (centring keeps the cancellation small).
        let mean = x.reduce(0, +) / Double(n)
        var s1 = [Double](repeating: 0, count: n + 1), s2 = [Double](repeating: 0, count: n + 1)
        var running1 = 0.0, running2 = 0.0
        for i in 0..<n {
            let v = x[i] - mean
            running1 += v
            running2 += v * v
            s1[i + 1] = running1
            s2[i + 1] = running2
        }
        // reciprocal[n - i + j] = 1 / (i - j + 1), the size of cluster x[j...i]: the
        // inner loop multiplies instead of dividing, reading the table forwards.
        let reciprocal = [Double](unsafeUninitializedCapacity: n + 1) { buffer, count in
            for t in 0...n { buffer[t] = 1 / Double(n + 1 - t) }
            count = n + 1
        }
        var prev = [Double](repeating: 0, count: n), cur = [Double](repeating: .infinity, count: n)
        var back = [[Int32]](repeating: [], count: k)
        back[0] = [Int32](repeating: 0, count: n)
        s1.withUnsafeBufferPointer { p1 in
          s2.withUnsafeBufferPointer { p2 in
            reciprocal.withUnsafeBufferPointer { pr in
                for i in 0..<n { prev[i] = KMeansLayer.cost(p1.baseAddress!, p2.baseAddress!, 0, i) }
                for m in 1..<k {
                    var arg = [Int32](repeating: 0, count: n)
                    prev.withUnsafeBufferPointer { pp in
                        cur.withUnsafeMutableBufferPointer { pc in
                            arg.withUnsafeMutableBufferPointer { pa in
                                let layer = KMeansLayer(s1: p1.baseAddress!, s2: p2.baseAddress!, reciprocal: pr.baseAddress!, n: n,
                                                        prev: pp.baseAddress!, cur: pc.baseAddress!, arg: pa.baseAddress!, first: m)
                                for i in 0..<m { pc[i] = .infinity }
                                if m == k - 1 {
                                    layer.solve(n - 1, n - 1, m, n - 1)   // only the last row is read
                                } else {
                                    layer.solveOnTwoThreads(m, n - 1)
                                }
                            }
                        }
                    }
                    back[m] = arg
                    swap(&prev, &cur)
                }
            }
          }
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

/// One layer m of the DP over raw buffers: cur[i] = min over j in first...i of
/// prev[j-1] + SSE(x[j...i]), arg[i] = the smallest such j. Rows are written by one
/// thread each (disjoint ranges), so the layer may be solved on two threads.
private struct KMeansLayer: @unchecked Sendable {
    let s1: UnsafePointer<Double>, s2: UnsafePointer<Double>
    /// reciprocal[n - i + j] = 1 / (i - j + 1).
    let reciprocal: UnsafePointer<Double>
    let n: Int
    let prev: UnsafePointer<Double>
    let cur: UnsafeMutablePointer<Double>
    let arg: UnsafeMutablePointer<Int32>
    /// The layer index m: cluster m starts at j >= m.
    let first: Int

    /// SSE of x[j...i] from the prefix sums.
    @inline(__always) static func cost(_ s1: UnsafePointer<Double>, _ s2: UnsafePointer<Double>, _ j: Int, _ i: Int) -> Double {
        let s = s1[i + 1] - s1[j]
        return max(0, (s2[i + 1] - s2[j]) - s * s / Double(i - j + 1))
    }

    /// Row `row` over split points optLo...min(row, optHi), four at a time; returns
    /// the smallest best split.
    @inline(__always) func row(_ row: Int, _ optLo: Int, _ optHi: Int) -> Int {
        let t1 = s1[row + 1], t2 = s2[row + 1]
        let inverse = reciprocal + (n - row)          // inverse[j] = 1 / (row - j + 1)
        let before = prev - 1                         // before[j] = prev[j - 1]
        var best = Double.infinity, bestJ = optLo
        var j = optLo
        let upper = min(row, optHi)
        if upper - j >= 8 {
            let v1 = SIMD4<Double>(repeating: t1), v2 = SIMD4<Double>(repeating: t2)
            var vBest = SIMD4<Double>(repeating: .infinity)
            var vBestJ = SIMD4<Int64>(repeating: Int64(j))
            var vJ = SIMD4<Int64>(0, 1, 2, 3) &+ Int64(j)
            @inline(__always) func load(_ p: UnsafePointer<Double>, _ at: Int) -> SIMD4<Double> {
                UnsafeRawPointer(p + at).loadUnaligned(as: SIMD4<Double>.self)
            }
            while j + 3 <= upper {
                let s = v1 - load(s1, j)
                let c = (v2 - load(s2, j)) - s * s * load(inverse, j)
                let v = load(before, j) + c.replacing(with: 0, where: c .< 0)
                let better = v .< vBest
                vBest.replace(with: v, where: better)
                vBestJ.replace(with: vJ, where: better)
                vJ &+= 4
                j += 4
            }
            for lane in 0..<4 where vBest[lane] < best || (vBest[lane] == best && Int(vBestJ[lane]) < bestJ) {
                best = vBest[lane]
                bestJ = Int(vBestJ[lane])
            }
        }
        while j <= upper {
            let s = t1 - s1[j]
            let v = before[j] + max(0, (t2 - s2[j]) - s * s * inverse[j])
            if v < best { best = v; bestJ = j }
            j += 1
        }
        cur[row] = best
        arg[row] = Int32(bestJ)
        return bestJ
    }

    /// Rows lo...hi, whose split points lie in optLo...optHi.
    func solve(_ lo: Int, _ hi: Int, _ optLo: Int, _ optHi: Int) {
        if lo > hi { return }
        let mid = (lo + hi) / 2
        let bestJ = row(mid, max(optLo, first), optHi)
        solve(lo, mid - 1, optLo, bestJ)
        solve(mid + 1, hi, bestJ, optHi)
    }

    /// Rows lo...hi: the middle row first, then its two sides at once.
    func solveOnTwoThreads(_ lo: Int, _ hi: Int) {
        let mid = (lo + hi) / 2
        let bestJ = row(mid, first, hi)
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            if half == 0 { solve(lo, mid - 1, first, bestJ) } else { solve(mid + 1, hi, bestJ, hi) }
        }
    }
}
