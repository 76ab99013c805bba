@testable import HDL
import XCTest

/// The IR verifier passes what the DSL builds and names what breaks an invariant.
final class IRVerifierTests: XCTestCase {
    func testElaboratedModulesVerifyClean() throws {
        let m = ModuleBuilder("t")
        let a = m.input("a", .sint(8)), b = m.input("b", .sint(8)), n = m.input("n", .uint(3))
        m.output("lt", .bool).assign(a .< b)
        m.output("sh", .sint(8)).assign(a >> n)
        m.output("wide", .sint(12)).assign(a.resized(to: 12))
        XCTAssertEqual(IRVerifier.verify(try m.build()), [])
    }

    func testBrokenSignednessIsReported() throws {
        let m = ModuleBuilder("broken")
        let a = m.input("a", .sint(8)), b = m.input("b", .sint(8))
        let y = m.output("y", .bool)
        // A comparison claiming to be unsigned over signed operands: what the DSL never builds.
        y.assign(HBool(node: ExprNode(.compare(.lt, signed: false), [a.node, b.node], width: 1, signed: false)))
        let shifted = m.output("z", .sint(8))
        shifted.assign(HSInt(node: ExprNode(.shiftRight(arithmetic: false), [a.node, HUInt(1, width: 2).node], width: 8, signed: true)))
        #if DEBUG
        XCTAssertThrowsError(try m.build()) { e in
            let d = (e as? ElaborationError)?.diagnostics ?? []
            XCTAssertEqual(d.map(\.kind), [.irInvariant, .irInvariant], "\(d)")
            XCTAssertTrue(d[0].message.contains("operand signedness differs from the comparison's"), d[0].message)
            XCTAssertTrue(d[1].message.contains("logical shift of a signed value"), d[1].message)
        }
        #endif
    }
}
