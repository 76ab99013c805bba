import HDL
import HDLLib
import XCTest

/// HDLLib's trees, folded on constants (folding and simulation share their kernels).
final class TreesTests: XCTestCase {
    /// Every pattern of up to 10 bits: the gate-level popcount is the number of ones,
    /// in the fewest bits that hold the count.
    func testPopcountGatesCountsEveryPattern() throws {
        for n in 1...10 {
            for pattern in 0..<(1 << n) {
                let bits = (0..<n).map { HBool(pattern >> $0 & 1 == 1) }
                let count = popcountGates(bits)
                XCTAssertEqual(count.width, max(1, Int.bitWidth - n.leadingZeroBitCount), "width at n = \(n)")
                let words = try XCTUnwrap(count.node.constantWords, "n = \(n) did not fold")
                XCTAssertEqual(Int(words[0]), pattern.nonzeroBitCount, "n = \(n), pattern \(String(pattern, radix: 2))")
            }
        }
    }
}
