@testable import HDL
import XCTest

/// Constant folding as expressions are built: constant operands of any width
/// become literals, and identities remove logic Verilator would flag.
final class ConstantFoldingTests: XCTestCase {
    private func literal(_ n: ExprNode) -> BitVector? { n.constantValue }

    func testConstantOperandsFoldAtAnyWidth() {
        XCTAssertEqual(literal((HUInt(3, width: 4) &+ HUInt(14, width: 4)).node), BitVector(1, width: 4))
        XCTAssertEqual(literal((HSInt(-3, width: 8) * HSInt(5, width: 8)).node), BitVector(-15, width: 16))
        let wide = HUInt(words: [~0, 0xF], width: 100)
        XCTAssertEqual(literal((wide &+ HUInt(1, width: 100)).node), BitVector(words: [0, 0x10], width: 100))
        XCTAssertEqual(literal((HSInt(-2, width: 8) .< HSInt(1, width: 8)).node), BitVector(1, width: 1), "signed order")
        XCTAssertEqual(literal((HUInt(254, width: 8) .< HUInt(1, width: 8)).node), BitVector(0, width: 1), "unsigned order")
        XCTAssertEqual(literal((HSInt(-128, width: 8) >> HUInt(2, width: 2)).node), BitVector(-32, width: 8), "arithmetic shift")
        XCTAssertEqual(literal(cat(HUInt(1, width: 1), HUInt(2, width: 3)).node), BitVector(0b1010, width: 4))
        XCTAssertEqual(literal(HSInt(-1, width: 4).resized(to: 70).node), BitVector(-1, width: 70))
    }

    func testIdentitiesRemoveLogic() {
        let m = ModuleBuilder("t")
        let x = m.input("x", .uint(8))
        let s = m.input("s", .bool)
        XCTAssertTrue((x & HUInt(0, width: 8)).node.constantValue?.isZero ?? false)
        XCTAssertTrue((x | HUInt(255, width: 8)).node.constantValue?.isAllOnes ?? false)
        XCTAssertTrue((x &+ HUInt(0, width: 8)).node === x.node)
        XCTAssertTrue((x ^ x).node.constantValue?.isZero ?? false)
        XCTAssertTrue(mux(s, x, x).node === x.node)
        XCTAssertTrue(mux(HBool(true), x, ~x).node === x.node)
        XCTAssertEqual((x .< HUInt(0, width: 8)).node.constantValue, BitVector(0, width: 1), "x < 0 unsigned")
        XCTAssertEqual((x .<= HUInt(255, width: 8)).node.constantValue, BitVector(1, width: 1), "x <= max")
        let y = m.input("y", .sint(8))
        XCTAssertEqual((y .>= HSInt(-128, width: 8)).node.constantValue, BitVector(1, width: 1), "y >= min signed")
        XCTAssertNil((y .< HSInt(0, width: 8)).node.constantValue, "a real comparison stays")
        XCTAssertTrue((HUInt(0, width: 8) >> x.bits(2, 0)).node.constantValue?.isZero ?? false)
    }
}
