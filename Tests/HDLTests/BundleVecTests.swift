import HDL
import HDLVerilog
import XCTest

struct Beat: HardwareBundle {
    var valid: HBool
    var data: HUInt
    init(_ f: BundleFields) {
        valid = f("valid", .bool)
        data = f("data", .uint(8))
    }
}

/// Bundles and vectors elaborate to named signals.
final class BundleVecTests: XCTestCase {
    func testBundlePortsAndRegisteredCopy() throws {
        let m = ModuleBuilder("t")
        let i = m.input("in", Beat.self)
        let o = m.output("out", Beat.self)
        let r = m.reg("q", Beat.self)
        r.assign(i)
        o.assign(r)
        let def = try m.build()
        XCTAssertEqual(def.ports.map(\.name), ["clk", "in_valid", "in_data", "out_valid", "out_data"])
        XCTAssertEqual(i.fields.map(\.name), ["valid", "data"])
    }

    func testVecDynamicIndexAndFlatten() throws {
        let m = ModuleBuilder("t")
        let bus = m.input("bus", .uint(32))
        let sel = m.input("sel", .uint(2))
        let y = m.output("y", .uint(8))
        let f = m.output("f", .uint(32))
        let v = bus.split(4)
        XCTAssertEqual(v.count, 4)
        y.assign(v.at(sel))
        f.assign(v.flattened())
        let def = try m.build()
        let text = VerilogEmitter().emit(def)
        XCTAssertTrue(text.contains("bus[15:8]"), text)
    }

    func testVecLengthMismatchIsAnError() {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(8)).split(4)
        let w = m.wires("w", count: 3, .uint(2))
        let line = #line; w.assign(a)
        XCTAssertThrowsError(try m.build()) { e in
            let d = (e as? ElaborationError)?.diagnostics.first
            XCTAssertEqual(d?.message, "assigning a Vec of 4 elements to a Vec of 3")
            XCTAssertEqual(d?.loc, SourceLoc(fileName: "HDLTests/BundleVecTests.swift", line: line))
        }
    }
}
