import Foundation
import HDL
import HDLVerilog
import XCTest

/// Elaboration stays linear in the design: shared expression chains built
/// without `node()` (an LFSR, a CRC, a Gray code) cost one step per node.
final class ElaborationScalingTests: XCTestCase {
    /// `x = x ^ (x >> 1)` 60 times: every step reads the previous value twice,
    /// so a walk without memo would visit 2^60 paths.
    private func sharedChain(depth: Int, poisonAt: Int? = nil) -> ModuleBuilder {
        let m = ModuleBuilder("chain")
        let a = m.input("a", .uint(32))
        let y = m.output("y", .uint(32))
        var x = a
        for i in 0..<depth {
            x = x ^ (x >> 1)
            if i == poisonAt { x = x ^ x.bits(40, 9) }
        }
        y.assign(x)
        return m
    }

    func testSixtyDeepSharedChainElaboratesAndPrintsQuickly() throws {
        let start = Date()
        let def = try sharedChain(depth: 60).build()
        let verilog = VerilogEmitter().emit(def)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertLessThan(elapsed, 0.5, "a 60-deep shared chain took \(elapsed) s")
        XCTAssertTrue(verilog.contains("module chain"))
    }

    func testErrorDeepInASharedChainIsReportedOnceWithItsKind() {
        let m = sharedChain(depth: 60, poisonAt: 30)
        let start = Date()
        XCTAssertThrowsError(try m.build()) { e in
            let d = (e as? ElaborationError)?.diagnostics ?? []
            XCTAssertEqual(d.count, 1, "\(d)")
            XCTAssertEqual(d.first?.kind, .sliceOutOfRange)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 0.5)
    }
}
