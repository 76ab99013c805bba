import HDL
import HDLVerilog
import XCTest

/// The README's DSL tour, compiled and elaborated as written there.
final class ReadmeTourTests: XCTestCase {
    /// A generator is a plain Swift function of its parameters.
    func accumulator(width: Int) throws -> ModuleDef {
        let m = ModuleBuilder("accumulator")
        m.parameters = [("WIDTH", "\(width)")]
        let valid = m.input("in_valid", .bool)
        let x = m.input("x", .sint(width))
        let sum = m.output("sum", .sint(width + 8))
        let acc = m.reg("acc", .sint(width + 8), reset: 0)   // clk/rst ports appear by themselves
        m.when(valid) {
            acc.assign(acc &+ x.resized(to: width + 8))       // &+ wraps; + would widen by one bit
        }
        sum.assign(acc)
        return try m.build()                                   // runs every check, or throws
    }

    func testTourElaborates() throws {
        let m = try accumulator(width: 12)
        XCTAssertEqual(m.ports.map(\.name), ["clk", "rst", "in_valid", "x", "sum"])
        let v = VerilogEmitter().emit(m)
        XCTAssertTrue(v.contains("acc <= acc + $signed({{8{x[11]}}, x});"), v)
        XCTAssertTrue(v.contains("// Parameters: WIDTH=12"), v)
    }
}
