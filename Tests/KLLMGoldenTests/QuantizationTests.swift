@testable import KLLMGolden
import Randomness
import XCTest

/// Codebook fitting, encoding, the uniform baseline and fixed-point conversion.
final class QuantizationTests: XCTestCase {
    /// Brute-force optimal 1-D K-Means SSE over all contiguous partitions.
    func bruteForceSSE(_ data: [Double], k: Int) -> Double {
        let x = data.sorted()
        func sse(_ s: ArraySlice<Double>) -> Double {
            let m = s.reduce(0, +) / Double(s.count)
            return s.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        }
        func best(_ start: Int, _ parts: Int) -> Double {
            if parts == 1 { return sse(x[start...]) }
            var b = Double.infinity
            for end in start..<(x.count - parts + 1) {
                b = min(b, sse(x[start...end]) + best(end + 1, parts - 1))
            }
            return b
        }
        return best(0, k)
    }

    func testOptimalDPMatchesBruteForce() {
        var rng = SeededRandom(seed: 42)
        for trial in 0..<30 {
            let n = 6 + trial % 7
            let k = 2 + trial % 4
            let data = (0..<n).map { _ in rng.gaussian() * 3 }
            let fit = KMeans1D.optimal(data, k: k)
            XCTAssertEqual(fit.sse, bruteForceSSE(data, k: k), accuracy: 1e-9, "trial \(trial) seed 42")
            XCTAssertEqual(fit.centroids, fit.centroids.sorted())
        }
    }

    func testDPIsNeverWorseThanLloyd() {
        var rng = SeededRandom(seed: 7)
        let data = (0..<5000).map { _ in rng.gaussian() + (rng.next() % 10 == 0 ? 8 : 0) }
        let dp = KMeans1D.optimal(data, k: 16)
        let ll = KMeans1D.lloyd(data, k: 16, seed: 7)
        XCTAssertLessThanOrEqual(dp.sse, ll.sse * (1 + 1e-9))
        XCTAssertEqual(KMeans1D.lloyd(data, k: 16, seed: 7).centroids, ll.centroids, "Lloyd is deterministic for a seed")
    }

    func testFewDistinctValuesFillTheCodebook() {
        let fit = KMeans1D.optimal([1, 1, 2, 2, 2], k: 4)
        XCTAssertEqual(fit.centroids, [1, 2, 2, 2])
        XCTAssertEqual(fit.sse, 0)
    }

    func testEncodeTieGoesToLowerIndexAndDecode() {
        let cb = Codebook(centroids: [4, -2, 0, 10])
        XCTAssertEqual(cb.centroids, [-2, 0, 4, 10])
        XCTAssertEqual(cb.thresholds, [-1, 2, 7])
        XCTAssertEqual(cb.encode(-1), 0)   // on the threshold: lower index
        XCTAssertEqual(cb.encode(-0.99), 1)
        XCTAssertEqual(cb.encode(7), 2)
        XCTAssertEqual(cb.encode(100), 3)
        XCTAssertEqual(cb.decode(cb.encode(3.5)), 4)
    }

    func testGranularities() {
        var rng = SeededRandom(seed: 3)
        let m = Matrix.gaussian(rows: 4, cols: 32, std: 1, rng: &rng)
        let t = KMeansQuantized(m, bits: 2, granularity: .perTensor)
        let c = KMeansQuantized(m, bits: 2, granularity: .perChannel)
        let g = KMeansQuantized(m, bits: 2, granularity: .perGroup(8))
        XCTAssertEqual(t.codebooks.count, 1)
        XCTAssertEqual(c.codebooks.count, 4)
        XCTAssertEqual(g.codebooks.count, 16)
        let e = { (q: KMeansQuantized) in Metrics.nmse(q.dequantized().data, m.data) }
        XCTAssertLessThan(e(g), e(c))
        XCTAssertLessThanOrEqual(e(c), e(t) + 1e-12)
    }

    func testUniformSymmetricQuantizer() {
        let m = Matrix(rows: 2, cols: 3, data: [14, -7, 3.5, 7, 0, -3.5])
        let q = UniformQuantized(m, bits: 4)
        XCTAssertEqual(q.scales[0], 2)
        XCTAssertEqual(q.scales[1], 1)
        XCTAssertEqual(Array(q.values[0..<3]), [7, -4, 2])  // -7/2 = -3.5 -> -4 (half away from zero), 1.75 -> 2
        XCTAssertEqual(Array(q.values[3..<6]), [7, 0, -4])  // 7/1=7, -3.5 -> -4
    }

    func testFixedPointRoundingAndSaturation() {
        let f = FixedPointFormat(width: 8, fracBits: 4)
        XCTAssertEqual(f.quantize(1.0), 16)
        XCTAssertEqual(f.quantize(0.03125), 1)     // 0.5 LSB rounds away from zero
        XCTAssertEqual(f.quantize(-0.03125), -1)
        XCTAssertEqual(f.quantize(100), 127)       // saturates
        XCTAssertEqual(f.quantize(-100), -128)
        XCTAssertEqual(f.real(-8), -0.5)
        let fit = FixedPointFormat.fitting([0.9, -2.7, 1.3], width: 8)
        XCTAssertEqual(fit.fracBits, 5)            // 2.7 * 32 = 86.4 fits, * 64 = 172.8 does not
        XCTAssertEqual(FixedPointFormat.fitting([1000], width: 8).fracBits, -3)
    }

    func testProductTableLayout() {
        let w = Codebook(centroids: [-1, 0.5])
        let a = Codebook(centroids: [-2, 0, 1, 3])
        let t = ProductTable(weights: w, activations: a, width: 16)
        XCTAssertEqual(t.weightBits, 1)
        XCTAssertEqual(t.activationBits, 2)
        XCTAssertEqual(t.entries.count, 8)
        // address (i << 2) | j = Cw[i] * Ca[j], in the stated format
        XCTAssertEqual(t.format.real(t.entries[(1 << 2) | 3]), 1.5, accuracy: 1e-3)
        XCTAssertEqual(t.format.real(t.entries[0]), 2, accuracy: 1e-3)
        XCTAssertEqual(t.format.real(t.entries[3]), -3, accuracy: 1e-3)
    }

    /// The largest-magnitude step never saturates; the calibrated one gives a rare
    /// extreme pair up (it saturates) so the common pairs keep more resolution.
    func testCalibratedProductTableStep() {
        let cw = [-1.0, 0.1, 0.2, 4.0], ca = [-0.3, 0.05, 0.15, 3.0]
        let plain = CalibratedProductTable(cw: cw, ca: ca, width: 6, largestStep: true)
        XCTAssertEqual(plain.step, 12.0 / 31, accuracy: 1e-12)
        XCTAssertEqual(plain.entries[15], 31)                    // 4 * 3 at the top of the range
        let wc = [100, 1000, 1000, 1], ac = [100, 1000, 1000, 1]
        let tuned = CalibratedProductTable(cw: cw, ca: ca, width: 6, weightCounts: wc, activationCounts: ac)
        XCTAssertLessThan(tuned.step, plain.step / 2)
        XCTAssertEqual(tuned.entries[15], 31)                    // saturated
        XCTAssertTrue(tuned.entries.allSatisfy { (-32...31).contains($0) })
        func weightedError(_ t: CalibratedProductTable) -> Double {
            var e = 0.0
            for i in 0..<4 { for j in 0..<4 {
                let d = cw[i] * ca[j] - t.values[i * 4 + j]
                e += Double(wc[i] * ac[j]) * d * d
            } }
            return e
        }
        XCTAssertLessThan(weightedError(tuned), weightedError(plain) / 2)
        // Uniform occupancy at a wide width: no reason to saturate anything.
        let wide = CalibratedProductTable(cw: cw, ca: ca, width: 16)
        XCTAssertEqual(wide.entries[15], 32767)
        XCTAssertEqual(CalibratedProductTable(cw: [0, 0], ca: [0], width: 4).entries, [0, 0])
    }
}

/// The fast paths of the optimal fit against plain references.
final class FastFitTests: XCTestCase {
    /// The O(k·n²) DP, no monotonicity assumed (and plain division): the reference of the fast one.
    static func plainDP(_ data: [Double], k: Int) -> Double {
        let x = data.sorted(), n = x.count
        var s1 = [0.0], s2 = [0.0]
        for v in x { s1.append(s1.last! + v); s2.append(s2.last! + v * v) }
        func sse(_ j: Int, _ i: Int) -> Double {
            let s = s1[i + 1] - s1[j]
            return max(0, s2[i + 1] - s2[j] - s * s / Double(i - j + 1))
        }
        var prev = (0..<n).map { sse(0, $0) }
        for m in 1..<k {
            var cur = [Double](repeating: .infinity, count: n)
            for i in m..<n { for j in m...i { cur[i] = min(cur[i], prev[j - 1] + sse(j, i)) } }
            prev = cur
        }
        return prev[n - 1]
    }

    func testOptimalMatchesThePlainDP() {
        var rng = SeededRandom(seed: 11)
        // Under the radix-sort threshold; the tests below take the radix path.
        let data = (0..<700).map { _ in rng.gaussian() * (rng.next() % 50 == 0 ? 10 : 1) + (rng.next() % 7 == 0 ? 0.5 : 0) }
        for k in [2, 5, 16] {
            let fit = KMeans1D.optimal(data, k: k)
            XCTAssertEqual(fit.sse, Self.plainDP(data, k: k), accuracy: 1e-9 * max(1, fit.sse), "k = \(k), seed 11")
        }
    }

    func testOptimalOnManyValuesIsAtLeastAsGoodAsLloydAndConsistent() {
        var rng = SeededRandom(seed: 12)
        let data = (0..<60_000).map { _ in rng.gaussian() * 0.02 * (rng.next() % 100 == 0 ? 12 : 1) }
        let fit = KMeans1D.optimal(data, k: 16)
        let sorted = data.sorted()
        // Its SSE is the SSE of its own centroids' nearest-centroid assignment ...
        let cb = Codebook(centroids: fit.centroids)
        let assigned = sorted.reduce(0.0) { let d = $1 - cb.decode(cb.encode($1)); return $0 + d * d }
        XCTAssertEqual(fit.sse, assigned, accuracy: 1e-9 * assigned)
        // ... and no worse than Lloyd's from three seeds.
        for seed in [1, 2, 3] as [UInt64] {
            XCTAssertLessThanOrEqual(fit.sse, KMeans1D.lloyd(data, k: 16, seed: seed).sse * (1 + 1e-12), "seed \(seed)")
        }
    }

    func testRadixSortMatchesTheStandardSort() {
        var rng = SeededRandom(seed: 13)
        var data: [Double] = (0..<50_000).map { _ in
            let scale: Double = pow(10, Double(rng.next() % 12) - 6)
            return rng.gaussian() * scale
        }
        data += [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude, 1, 1, 1]
        let expected = data.sorted { (a: Double, b: Double) -> Bool in a < b || (a == b && a.sign == .minus && b.sign == .plus) }
        XCTAssertEqual(RadixSort.sorted(data).map(\.bitPattern), expected.map(\.bitPattern))
    }
}
