import BitVector
import XCTest

/// The constant-bits side of every operator, at the widths where word
/// boundaries bite (1, 63, 64, 65, 130).
final class BitVectorTests: XCTestCase {
    func testArithmeticWrapsAtTheWidth() {
        for w in [1, 7, 63, 64, 65, 130] {
            let max = BitVector(-1, width: w)
            XCTAssertTrue(max.adding(BitVector(1, width: w)).isZero, "\(w)")
            XCTAssertEqual(BitVector.zero(w).subtracting(BitVector(1, width: w)), max, "\(w)")
            XCTAssertEqual(max.multiplying(max), BitVector(1, width: w), "(-1)*(-1) at \(w)")
            XCTAssertEqual(max.negated(), BitVector(1, width: w), "\(w)")
            XCTAssertEqual(max.not(), .zero(w))
            XCTAssertTrue(max.reduceAnd())
            XCTAssertEqual(max.reduceXor(), w % 2 == 1)
        }
        // A carry across the 64-bit word boundary.
        let low = BitVector(words: [~0, 0], width: 65)
        XCTAssertEqual(low.adding(BitVector(1, width: 65)).words, [0, 1])
    }

    func testComparisonOrderIsTheOperatorsSignedness() {
        let minusOne = BitVector(-1, width: 8), one = BitVector(1, width: 8)
        XCTAssertTrue(minusOne.compare(.lt, one, signed: true))
        XCTAssertFalse(minusOne.compare(.lt, one, signed: false))
        XCTAssertTrue(minusOne.compare(.gt, one, signed: false))
        XCTAssertTrue(one.compare(.le, one, signed: true) && one.compare(.ge, one, signed: false))
        let wideNeg = BitVector(-5, width: 100), widePos = BitVector(3, width: 100)
        XCTAssertTrue(wideNeg.compare(.lt, widePos, signed: true))
        XCTAssertTrue(wideNeg.compare(.ne, widePos, signed: true))
    }

    func testShiftsExtendsSlicesAndConcatenation() {
        let v = BitVector(-128, width: 8)   // 1000_0000
        XCTAssertEqual(v.shiftedRight(by: 3, arithmetic: true), BitVector(-16, width: 8))
        XCTAssertEqual(v.shiftedRight(by: 3, arithmetic: false), BitVector(16, width: 8))
        XCTAssertEqual(v.shiftedRight(by: 100, arithmetic: true), BitVector(-1, width: 8))
        XCTAssertEqual(v.shiftedLeft(by: 1), .zero(8))
        XCTAssertEqual(v.extended(to: 70, signed: true), BitVector(-128, width: 70))
        XCTAssertEqual(v.extended(to: 70, signed: false), BitVector(128, width: 70))
        XCTAssertEqual(BitVector(0x1234, width: 16).slice(lo: 4, count: 8), BitVector(0x23, width: 8))
        let joined = BitVector(0xA, width: 4).appending(BitVector(-1, width: 64))   // {4'hA, 64'hFF..}
        XCTAssertEqual(joined.width, 68)
        XCTAssertEqual(joined.hex, "affffffffffffffff")
        XCTAssertEqual(joined.slice(lo: 64, count: 4), BitVector(0xA, width: 4))
    }

    func testValueHelpers() {
        XCTAssertTrue(BitVector.fits(-8, width: 4, signed: true))
        XCTAssertFalse(BitVector.fits(8, width: 4, signed: true))
        XCTAssertFalse(BitVector.fits(-1, width: 64, signed: false))
        XCTAssertEqual(BitVector.minWidth(255, signed: false), 8)
        XCTAssertEqual(BitVector.minWidth(-129, signed: true), 9)
        XCTAssertTrue(BitVector.fits(words: [3], width: 2))
        XCTAssertFalse(BitVector.fits(words: [4], width: 2))
        XCTAssertFalse(BitVector.fits(words: [0, 1], width: 64))
        XCTAssertEqual(BitVector.wrapSigned(255, width: 8), -1)
        XCTAssertEqual(BitVector.saturate(300, width: 8), 127)
        XCTAssertEqual(BitVector(-3, width: 6).signedValue, -3)
        XCTAssertEqual(BitVector(5, width: 3).hex, "5")
        XCTAssertEqual(BitVector(5, width: 9).hex, "005")
    }
}
