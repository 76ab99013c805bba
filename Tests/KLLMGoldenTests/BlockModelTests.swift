import BitVector
import KLLMGolden
import XCTest

/// Hand-computed cases for the bit-exact models of SPEC §1–§4.
final class BlockModelTests: XCTestCase {
    func testWrapHelpers() {
        XCTAssertEqual(BitVector.wrapSigned(128, width: 8), -128)
        XCTAssertEqual(BitVector.wrapSigned(-129, width: 8), 127)
        XCTAssertEqual(BitVector.wrapSigned(Int64.min, width: 64), Int64.min)
        XCTAssertEqual(BitVector.wrapUnsigned(UInt64(bitPattern: -1), width: 4), 0xF)
        XCTAssertEqual(BitVector.saturate(300, width: 8), 127)
    }

    func testIndexMatMulHandComputed() {
        // WBITS = ABITS = 1: T at address (w << 1) | a.
        let table: [Int64] = [1, 2, 3, 4]  // T[0][0]=1 T[0][1]=2 T[1][0]=3 T[1][1]=4
        // ROWS = 2, COLS = 2, K = 2 beats.
        let w = [[0, 1], [1, 1]]
        let a = [[1, 0], [0, 0]]
        let out = BlockModels.indexMatMul(table: table, aBits: 1, accWidth: 32, wIdx: w, aIdx: a)
        // r0: beat0 w=0 -> T[0][1]=2, T[0][0]=1; beat1 w=1 -> T[1][0]=3, 3 => [5, 4]
        // r1: beat0 w=1 -> T[1][1]=4, T[1][0]=3; beat1 w=1 -> 3, 3     => [7, 6]
        XCTAssertEqual(out, [[5, 4], [7, 6]])
    }

    func testIndexMatMulWrapsAtAccumulatorWidth() {
        let table: [Int64] = [100, -100]
        let beats = Array(repeating: [0], count: 3)
        let out = BlockModels.indexMatMul(table: table, aBits: 1, accWidth: 8, wIdx: beats, aIdx: beats)
        XCTAssertEqual(out, [[44]])  // 300 mod 256 = 44
        let neg = BlockModels.indexMatMul(table: table, aBits: 1, accWidth: 8, wIdx: beats, aIdx: Array(repeating: [1], count: 3))
        XCTAssertEqual(neg, [[-44]])
    }

    func testQuantizerTieGoesLow() {
        let thr: [Int64] = [-10, 0, 0, 25]  // equal neighbours allowed
        XCTAssertEqual(BlockModels.quantize(-11, thresholds: thr), 0)
        XCTAssertEqual(BlockModels.quantize(-10, thresholds: thr), 0)  // tie -> lower
        XCTAssertEqual(BlockModels.quantize(0, thresholds: thr), 1)
        XCTAssertEqual(BlockModels.quantize(1, thresholds: thr), 3)
        XCTAssertEqual(BlockModels.quantize(25, thresholds: thr), 3)
        XCTAssertEqual(BlockModels.quantize(26, thresholds: thr), 4)
    }

    func testOrizuruTiesAndOrder() {
        let r = BlockModels.orizuru([5, -3, 5, 9, -3, 0], topK: 3, posWidth: 4)
        XCTAssertEqual(r.maxValues, [9, 5, 5])
        XCTAssertEqual(r.maxPositions, [3, 0, 2])
        XCTAssertEqual(r.minValues, [-3, -3, 0])
        XCTAssertEqual(r.minPositions, [1, 4, 5])
    }

    func testOrizuruShortVectorPads() {
        let r = BlockModels.orizuru([7, -2], topK: 4, posWidth: 3)
        XCTAssertEqual(r.maxValues, [7, -2, 0, 0])
        XCTAssertEqual(r.maxPositions, [0, 1, 7, 7])
        XCTAssertEqual(r.minValues, [-2, 7, 0, 0])
        XCTAssertEqual(r.minPositions, [1, 0, 7, 7])
    }

    func testLutMapAndReduce() {
        XCTAssertEqual(BlockModels.lutMap(table: [10, -20, 30, 40], indices: [3, 0, 1, 1]), [40, 10, -20, -20])
        // counts: idx0 x2, idx2 x1, idx3 x3 -> 2*5 + 1*(-7) + 3*100 = 303 -> wraps in 8 bits to 47
        let g: [Int64] = [5, 1000, -7, 100]
        XCTAssertEqual(BlockModels.lutReduce(table: g, indices: [0, 3, 2, 3, 0, 3], accWidth: 32), 303)
        XCTAssertEqual(BlockModels.lutReduce(table: g, indices: [0, 3, 2, 3, 0, 3], accWidth: 8), 47)
    }
}

/// Hand-computed cases for the §5 linear-layer model.
final class LinearModelTests: XCTestCase {
    /// K = 4, one row: Cw = [1, -2], Ca = [-3, 5], threshold 0 (x <= 0 -> index 0).
    private func tables(weights: [[Int]], scales: [Int64] = [3]) -> LinearTables {
        LinearTables(cw: [1, -2], ca: [-3, 5], thresholds: [0], scales: scales, weights: weights)
    }

    func testWithoutOutliersTheSumRunsOnCentroids() {
        // x = [7, -1, 2, 0]: a = [1, 0, 1, 0], v = Ca[a] = [5, -3, 5, -3].
        let r = LinearModel.run([7, -1, 2, 0], tables(weights: [[0, 1, 1, 0]]), topK: 0, accWidth: 16, scaleWidth: 4)
        // 1*5 + (-2)(-3) + (-2)(5) + 1*(-3) = 5 + 6 - 10 - 3 = -2; y = 3 * -2 = -6.
        XCTAssertEqual(r.acc, [-2])
        XCTAssertEqual(r.y, [BitVector(-6, width: 20)])
        XCTAssertEqual(r.outliers, [])
    }

    func testOutliersUseTheRawValueAndCountOnce() {
        // TOPK = 1: largest 7 at position 0, smallest -1 at position 1: v = [7, -1, 5, -3].
        let r = LinearModel.run([7, -1, 2, 0], tables(weights: [[0, 1, 1, 0]]), topK: 1, accWidth: 16, scaleWidth: 4)
        // 7 + (-2)(-1) + (-2)(5) + (-3) = 7 + 2 - 10 - 3 = -4.
        XCTAssertEqual(r.acc, [-4])
        XCTAssertEqual(r.outliers, [0, 1])
        // All equal, K = 8, TOPK = 4: both lists hold positions 0...3, so O = 0...3.
        XCTAssertEqual(LinearModel.outlierPositions(Array(repeating: 5, count: 8), topK: 4), [0, 1, 2, 3])
        // TOPK >= K: every position.
        XCTAssertEqual(LinearModel.outlierPositions([3, 1, 2], topK: 64), [0, 1, 2])
    }

    func testSumsWrapAndScalesAreExact() {
        // acc wraps at ACC_W = 5 bits: 5*5 = 25 -> 25 - 32 = -7; y = -8 * -7 = 56, exact in 5 + 4 bits.
        let t = LinearTables(cw: [5, 0], ca: [5, 5], thresholds: [0], scales: [-8], weights: [[0]])
        let r = LinearModel.run([1], t, topK: 0, accWidth: 5, scaleWidth: 4)
        XCTAssertEqual(r.acc, [-7])
        XCTAssertEqual(r.y, [BitVector(56, width: 9)])
    }
}
