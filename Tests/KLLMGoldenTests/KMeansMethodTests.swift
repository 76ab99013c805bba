@testable import KLLMGolden
import Randomness
import XCTest

/// The two exact K-Means solvers (penalized pass and layer-by-layer DP) against
/// each other and against the plain O(k·n²) DP, on data that stresses each.
final class KMeansMethodTests: XCTestCase {
    /// Random data of a few shapes: Gaussian with outliers, few distinct values
    /// (many ties), uniform, two far-apart modes, a sparse tail.
    static func sample(_ shape: Int, n: Int, rng: inout SeededRandom) -> [Double] {
        (0..<n).map { _ in
            let g = rng.gaussian()
            switch shape % 5 {
            case 0: return g * 0.02 * (rng.next() % 100 == 0 ? 12 : 1)
            case 1: return (g * 4).rounded() / 4
            case 2: return Double(rng.next() % 1_000_000) / 1_000_000
            case 3: return g + (rng.next() % 3 == 0 ? 50 : 0)
            default: return exp(g * 1.5)
            }
        }
    }

    func testPenalizedMatchesLayeredAndThePlainDP() {
        let seed: UInt64 = 2031
        var rng = SeededRandom(seed: seed)
        var penalizedRuns = 0, total = 0
        for trial in 0..<40 {
            let n = [40, 300, 2_000, 9_000][trial % 4]
            let k = [2, 3, 8, 16, 33][trial % 5]
            let data = Self.sample(trial, n: n, rng: &rng)
            let layered = KMeans1D.optimal(data, k: k, method: .layered).fit
            let (fit, penalized) = KMeans1D.optimal(data, k: k, method: .penalized)
            let place = "trial \(trial) (n \(n), k \(k), shape \(trial % 5)), seed \(seed)"
            XCTAssertEqual(fit.sse, layered.sse, accuracy: 1e-9 * max(layered.sse, 1e-300), place)
            XCTAssertEqual(fit.centroids, fit.centroids.sorted(), place)
            if n <= 300 {
                XCTAssertEqual(fit.sse, FastFitTests.plainDP(data, k: k), accuracy: 1e-9 * max(fit.sse, 1e-12), place)
            }
            if fit.sse > 0 { total += 1; if penalized { penalizedRuns += 1 } }
        }
        // Most inputs find a price with exactly k clusters; the rest fell back.
        XCTAssertGreaterThan(penalizedRuns, total * 3 / 4, "penalized \(penalizedRuns) of \(total), seed \(seed)")
    }

    func testAutomaticTakesThePenalizedPassOnLargeInputs() {
        var rng = SeededRandom(seed: 2032)
        let data = Self.sample(0, n: 30_000, rng: &rng)
        let (fit, penalized) = KMeans1D.optimal(data, k: 16, method: .automatic)
        XCTAssertTrue(penalized, "seed 2032")
        let layered = KMeans1D.optimal(data, k: 16, method: .layered).fit
        XCTAssertEqual(fit.sse, layered.sse, accuracy: 1e-9 * layered.sse, "seed 2032")
        for (a, b) in zip(fit.centroids, layered.centroids) { XCTAssertEqual(a, b, accuracy: 1e-12, "seed 2032") }
        XCTAssertFalse(KMeans1D.optimal(Array(data.prefix(1000)), k: 16, method: .automatic).penalized,
                       "small inputs take the layered DP")
    }

    /// Four equally spaced points: the least SSEs of 2, 3, 4 clusters (1, 1/2, 0) lie
    /// on a line, so a price gives 3 clusters only by a tie; from any other price the
    /// search brackets 1/2 without landing on it and gives up, and the fit falls back.
    func testCollinearCostsFallBackToTheLayeredDP() {
        let points = KMeansPrefixSums(sorted: [0, 1, 2, 3])
        XCTAssertNil(KMeansPenalizedDP.partition(points, k: 3, estimate: 0.3, maxPasses: 12))
        XCTAssertEqual(KMeansPenalizedDP.partition(points, k: 2, estimate: 0.3, maxPasses: 12), [0, 2])
        XCTAssertEqual(KMeans1D.optimal([3, 0, 2, 1], k: 3, method: .penalized).fit.sse, 0.5)
    }

    func testLayeredCostsAreTheOptimaForEveryCount() {
        var rng = SeededRandom(seed: 2033)
        let data = Self.sample(4, n: 200, rng: &rng).sorted()
        let costs = KMeansLayeredDP.optimalCosts(KMeansPrefixSums(sorted: data), upTo: 6)
        for m in 1...6 {
            XCTAssertEqual(costs[m - 1], FastFitTests.plainDP(data, k: m), accuracy: 1e-9 * costs[m - 1], "m \(m), seed 2033")
        }
        // Convex in the count (what the penalized pass relies on).
        for m in 1..<5 { XCTAssertGreaterThanOrEqual(costs[m - 1] - costs[m], costs[m] - costs[m + 1] - 1e-12) }
    }

    /// Weighted elements (groups of points): the penalized pass, priced from the
    /// exact costs, reaches the layered DP's optimum over group edges.
    func testPenalizedPassOnWeightedElements() {
        var rng = SeededRandom(seed: 2035)
        let x = Self.sample(0, n: 20_000, rng: &rng).sorted()
        let edges = KMeansPrefixSums.groupEdges(sorted: x, maxCount: 40, maxSpan: (x[x.count - 1] - x[0]) / 300)
        let groups = KMeansPrefixSums(grouping: KMeansPrefixSums(sorted: x), edges: edges)
        let costs = KMeansLayeredDP.optimalCosts(groups, upTo: 9)
        let starts = KMeansPenalizedDP.partition(groups, k: 8, estimate: (costs[6] - costs[8]) / 2, maxPasses: 4)
        XCTAssertEqual(starts?.count, 8, "seed 2035")
        XCTAssertEqual(groups.sse(starts: starts ?? [0]), costs[7], accuracy: 1e-9 * costs[7], "seed 2035")
        XCTAssertEqual(starts, KMeansLayeredDP.partition(groups, k: 8), "seed 2035")
    }

    func testGroupEdgesBoundCountAndSpan() {
        let x: [Double] = [0, 0.1, 0.2, 0.3, 0.4, 5, 9, 9.05, 9.1]
        let edges = KMeansPrefixSums.groupEdges(sorted: x, maxCount: 3, maxSpan: 1)
        XCTAssertEqual(edges, [0, 3, 5, 6, 9])
        let grouped = KMeansPrefixSums(grouping: KMeansPrefixSums(sorted: x), edges: edges)
        XCTAssertEqual(grouped.count, 4)
        XCTAssertEqual(grouped.centroid(1, 2), 0.35, accuracy: 1e-12)
        XCTAssertEqual(grouped.cost(0, 4), KMeansPrefixSums(sorted: x).cost(0, 9), accuracy: 1e-12)
    }

    func testParallelRadixSortMatchesTheStandardSort() {
        var rng = SeededRandom(seed: 2034)
        var data: [Double] = (0..<(RadixSort.parallelThreshold * 3 + 7)).map { _ in rng.gaussian() * 1e-3 }
        data += [-0.0, 0, 7, 7, -.infinity]
        let expected = data.sorted { (a: Double, b: Double) -> Bool in a < b || (a == b && a.sign == .minus && b.sign == .plus) }
        XCTAssertEqual(RadixSort.sorted(data).map(\.bitPattern), expected.map(\.bitPattern), "seed 2034")
        // One top-bits bucket holds everything (values in [1, 1.0625)), most of them 1
        // itself: every low digit has a value most keys, but not all, share.
        let narrow: [Double] = (0..<100_000).map { _ in rng.next() % 5 < 3 ? 1 : 1 + Double(rng.next() % 50_000) / 1_000_000 }
        XCTAssertEqual(RadixSort.sorted(narrow), narrow.sorted(), "seed 2034")
    }
}
