import Foundation

/// The exact 1-D K-Means fit in one pass over the points instead of one per
/// cluster (the "penalty" or Lagrangian method, as in Grønlund et al., "Fast
/// exact k-means, k-medians and Bregman divergence clustering in 1D"): with a
/// price λ on every cluster, P[c] = min over b of P[b] + SSE(b..<c) + λ is the
/// least SSE + λ·(cluster count) of the first c points, any count allowed. If its
/// optimum has exactly k clusters it is an optimal k-partition: any k-partition Q
/// has SSE(Q) + λk >= P[n]. The least SSE is convex in k for this cost (it is
/// concave Monge), so such a λ exists unless the least SSEs of k-1, k and k+1
/// clusters lie on one line; `partition` looks for it from an estimate and gives
/// up (nil) after a few passes, leaving the answer to the layered DP.
enum KMeansPenalizedDP {
    /// An optimal k-partition of the points (starts of the clusters, ascending), or
    /// nil when `maxPasses` prices starting at `estimate` found none with k clusters.
    static func partition(_ points: KMeansPrefixSums, k: Int, estimate: Double, maxPasses: Int) -> [Int]? {
        guard k >= 2, estimate > 0, estimate.isFinite, points.count > k else { return nil }
        return points.withPointers { pointers in
            search(PenalizedPass(pointers, count: points.count), k: k, estimate: estimate, maxPasses: maxPasses)
        }
    }

    private static func search(_ pass: PenalizedPass, k: Int, estimate: Double, maxPasses: Int) -> [Int]? {
        var price = estimate
        var tooMany: (price: Double, count: Int)?   // a price that gave more than k clusters
        var tooFew: (price: Double, count: Int)?
        for _ in 0..<maxPasses {
            let count = pass.run(price: price)
            if count == k { return pass.starts() }
            if count > k { tooMany = (price, count) } else { tooFew = (price, count) }
            if let low = tooMany, let high = tooFew {
                if high.price <= low.price * (1 + 1e-12) { return nil }
                // The count falls roughly as price^(-1/3): interpolate in log-log,
                // kept inside the bracket so that it shrinks every pass.
                let t = log(Double(low.count) / Double(k)) / log(Double(low.count) / Double(high.count))
                price = low.price * pow(high.price / low.price, min(max(t, 0.1), 0.9))
            } else {
                let ratio = Double(count) / Double(k)
                price *= ratio * ratio * ratio
            }
        }
        return nil
    }
}

/// One penalized DP over the points, on buffers kept across passes. Rows c are
/// filled in order; the candidates b (columns) live in a deque, each with the first
/// row it is best for. Monotonicity (a later column that beats an earlier one at
/// some row beats it at every later row) means a new column only competes with the
/// back of the deque: it removes the ones it beats at their first row and starts
/// where it overtakes the last one left (found by galloping, then bisection).
private final class PenalizedPass {
    let n: Int
    /// Prefix sums of the elements (owned by the caller).
    let points: KMeansPrefixPointers
    /// best[c]: least SSE + price·count of the first c elements; from[c]: start of its last cluster.
    let best: UnsafeMutablePointer<Double>
    let from: UnsafeMutablePointer<Int32>
    /// The deque: column, first row it is best for, its value there (kept for
    /// the next column's first comparison; unused when that row is already past)
    /// and its value at row n.
    let queueColumn: UnsafeMutablePointer<Int32>, queueStart: UnsafeMutablePointer<Int32>
    let queueStartValue: UnsafeMutablePointer<Double>, queueEnd: UnsafeMutablePointer<Double>

    init(_ points: KMeansPrefixPointers, count n: Int) {
        self.points = points
        self.n = n
        best = .allocate(capacity: n + 1)
        from = .allocate(capacity: n + 1)
        queueColumn = .allocate(capacity: n + 1)
        queueStart = .allocate(capacity: n + 1)
        queueStartValue = .allocate(capacity: n + 1)
        queueEnd = .allocate(capacity: n + 1)
    }

    deinit {
        for p in [best, queueStartValue, queueEnd] { p.deallocate() }
        for p in [from, queueColumn, queueStart] { p.deallocate() }
    }

    /// best[b] + SSE(b..<r) (the price is already in best[b]).
    @inline(__always) private func value(_ b: Int, _ r: Int) -> Double {
        best[b] + points.cost(b, r)
    }

    /// Solves the DP at `price`; returns the cluster count of its optimum.
    func run(price: Double) -> Int {
        best[0] = 0
        var head = 0, tail = 0                          // the deque is head..<tail
        for c in 1...n {
            // Column b = c - 1 joins (its best[] is known now).
            let b = c - 1
            let valueAtEnd = value(b, n)
            var joins = true
            var start = c, valueAtStart = 0.0
            while tail > head {
                let last = Int(queueColumn[tail - 1]), lastStart = Int(queueStart[tail - 1])
                let first = max(lastStart, c)
                let lastAtFirst = lastStart >= c ? queueStartValue[tail - 1] : value(last, c)
                if value(b, first) < lastAtFirst { tail -= 1; continue }
                if !(valueAtEnd < queueEnd[tail - 1]) { joins = false; break }
                // The first row where b beats `last`: beyond `first`, at or before n.
                var lo = first, hi = first, step = 1
                while true {
                    lo = hi
                    hi = min(lo + step, n)
                    step *= 2
                    let v = value(b, hi)
                    if v < value(last, hi) { valueAtStart = v; break }
                }
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2
                    let v = value(b, mid)
                    if v < value(last, mid) { hi = mid; valueAtStart = v } else { lo = mid }
                }
                start = hi
                break
            }
            if joins {
                queueColumn[tail] = Int32(b)
                queueStart[tail] = Int32(start)
                queueStartValue[tail] = valueAtStart
                queueEnd[tail] = valueAtEnd
                tail += 1
            }
            while tail - head > 1 && Int(queueStart[head + 1]) <= c { head += 1 }
            let column = Int(queueColumn[head])
            best[c] = value(column, c) + price
            from[c] = Int32(column)
        }
        return starts().count
    }

    /// Cluster starts of the last pass's optimum, ascending.
    func starts() -> [Int] {
        var result: [Int] = []
        var c = n
        while c > 0 {
            c = Int(from[c])
            result.append(c)
        }
        return result.reversed()
    }
}
