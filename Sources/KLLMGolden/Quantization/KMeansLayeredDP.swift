import Dispatch

/// The exact 1-D K-Means DP, one layer per cluster count (as in Ckmeans.1d.dp):
/// P[m][c] = min over b of P[m-1][b] + SSE(b..<c), the least SSE of the first c
/// elements in m clusters. The best b is monotone in c, so each layer is solved by
/// divide and conquer, O(N log N) cost evaluations, the two halves of a large
/// layer on two threads; the last layer needs its final row only. O(k·N log N)
/// overall: the fallback of the penalized DP and the solver of small problems.
enum KMeansLayeredDP {
    /// Start of each of the k clusters of an optimal partition of all elements
    /// (ascending, the first 0). Needs at least k elements.
    static func partition(_ p: KMeansPrefixSums, k: Int) -> [Int] {
        var back: [[Int32]] = []
        _ = run(p, layers: k, lastRowOnly: true, back: &back)
        var starts = [Int](repeating: 0, count: k)
        var end = p.count
        for m in stride(from: k - 1, through: 1, by: -1) {
            starts[m] = Int(back[m][end])
            end = starts[m]
        }
        return starts
    }

    /// The least SSE of all elements in m clusters, for m = 1...kmax (index m-1).
    static func optimalCosts(_ p: KMeansPrefixSums, upTo kmax: Int) -> [Double] {
        var back: [[Int32]] = []
        return run(p, layers: kmax, lastRowOnly: false, back: &back)
    }

    /// Runs layers 1...layers; returns P[m][N] for each and, in `back`, the best b of
    /// every row of layers 2... (index m-1 for layer m).
    private static func run(_ p: KMeansPrefixSums, layers: Int, lastRowOnly: Bool, back: inout [[Int32]]) -> [Double] {
        let n = p.count
        precondition(n >= layers, "\(layers) clusters need at least as many elements, got \(n)")
        var prev = (0...n).map { p.cost(0, $0) }
        var cur = [Double](repeating: .infinity, count: n + 1)
        var finals = [prev[n]]
        back = [[]]
        for m in stride(from: 2, through: layers, by: 1) {
            var arg = [Int32](repeating: 0, count: n + 1)
            p.withPointers { points in
            prev.withUnsafeBufferPointer { pp in cur.withUnsafeMutableBufferPointer { pc in arg.withUnsafeMutableBufferPointer { pa in
                let layer = KMeansLayer(points: points, before: pp.baseAddress!, cur: pc.baseAddress!, arg: pa.baseAddress!)
                for c in 0..<m { pc[c] = .infinity }
                if m == layers && lastRowOnly {
                    layer.solve(n, n, m - 1, n - 1)
                } else if n >= 1 << 16 {
                    layer.solveOnTwoThreads(m, n, m - 1, n - 1)
                } else {
                    layer.solve(m, n, m - 1, n - 1)
                }
            }}}}
            back.append(arg)
            finals.append(cur[n])
            swap(&prev, &cur)
        }
        return finals
    }
}

/// One layer of the DP over raw buffers: cur[c] = min over b < c in the column
/// range of before[b] + SSE(b..<c), arg[c] = the smallest such b. Rows are written
/// by one thread each (disjoint ranges), so a layer may be solved on two threads.
private struct KMeansLayer: @unchecked Sendable {
    let points: KMeansPrefixPointers
    let before: UnsafePointer<Double>
    let cur: UnsafeMutablePointer<Double>
    let arg: UnsafeMutablePointer<Int32>

    /// Row c over columns lo...hi (hi < c), four at a time; returns the smallest best b.
    @inline(__always) func row(_ c: Int, _ lo: Int, _ hi: Int) -> Int {
        let weight = points.weight, sum = points.sum, squares = points.squares
        let w = weight[c], s = sum[c], q = squares[c]
        var best = Double.infinity, bestB = lo
        var b = lo
        if hi - lo >= 7 {
            @inline(__always) func load(_ p: UnsafePointer<Double>, _ at: Int) -> SIMD4<Double> {
                UnsafeRawPointer(p + at).loadUnaligned(as: SIMD4<Double>.self)
            }
            let vw = SIMD4<Double>(repeating: w), vs = SIMD4<Double>(repeating: s), vq = SIMD4<Double>(repeating: q)
            var vBest = SIMD4<Double>(repeating: .infinity)
            var vBestB = SIMD4<Int64>(repeating: Int64(b))
            var vB = SIMD4<Int64>(0, 1, 2, 3) &+ Int64(b)
            while b + 3 <= hi {
                let d = vs - load(sum, b)
                let cost = (vq - load(squares, b)) - d * d / (vw - load(weight, b))
                let v = load(before, b) + cost.replacing(with: 0, where: cost .< 0)
                let better = v .< vBest
                vBest.replace(with: v, where: better)
                vBestB.replace(with: vB, where: better)
                vB &+= 4
                b += 4
            }
            for lane in 0..<4 where vBest[lane] < best || (vBest[lane] == best && Int(vBestB[lane]) < bestB) {
                best = vBest[lane]
                bestB = Int(vBestB[lane])
            }
        }
        while b <= hi {
            let v = before[b] + points.cost(b, c)
            if v < best { best = v; bestB = b }
            b += 1
        }
        cur[c] = best
        arg[c] = Int32(bestB)
        return bestB
    }

    /// Rows lo...hi, whose best columns lie in bLo...bHi.
    func solve(_ lo: Int, _ hi: Int, _ bLo: Int, _ bHi: Int) {
        if lo > hi { return }
        let mid = (lo + hi) / 2
        let best = row(mid, bLo, min(bHi, mid - 1))
        solve(lo, mid - 1, bLo, best)
        solve(mid + 1, hi, best, bHi)
    }

    /// The middle row first, then its two sides at once.
    func solveOnTwoThreads(_ lo: Int, _ hi: Int, _ bLo: Int, _ bHi: Int) {
        let mid = (lo + hi) / 2
        let best = row(mid, bLo, min(bHi, mid - 1))
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            if half == 0 { solve(lo, mid - 1, bLo, best) } else { solve(mid + 1, hi, best, bHi) }
        }
    }
}
