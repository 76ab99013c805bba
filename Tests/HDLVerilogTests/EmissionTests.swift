import HDL
import HDLExamples
import HDLVerilog
import KLLMGen
import XCTest

/// Verilog emission: determinism, readability and lint-cleanliness.
final class EmissionTests: XCTestCase {
    func testSameDesignSameBytes() throws {
        for make in [{ try CounterGenerator(width: 8).build() }, { try FIFOGenerator(width: 16, depth: 8).build() }, { try SignedMACGenerator(aWidth: 8, bWidth: 8, accWidth: 24).build() }] {
            let a = VerilogEmitter().emit(try make())
            let b = VerilogEmitter().emit(try make())
            XCTAssertEqual(a, b)
        }
    }

    func testNoInitialNoRandomizationAndSourceComments() throws {
        let v = VerilogEmitter().emit(try FIFOGenerator(width: 16, depth: 8).build())
        XCTAssertFalse(v.contains("initial"))
        XCTAssertFalse(v.contains("$random"))
        XCTAssertFalse(v.contains("_T_"))
        XCTAssertTrue(v.contains("`default_nettype none"))
        XCTAssertTrue(v.contains("reg [15:0] storage [0:7];  // HDLExamples/FIFO.swift:"), v)
        XCTAssertTrue(v.contains("wire do_push;  // HDLExamples/FIFO.swift:"), v)
    }

    func testSubmodulesArePrefixedWithTheTop() throws {
        let child = ModuleBuilder("inc")
        child.output("o", .uint(4)).assign(child.input("i", .uint(4)) &+ 1)
        let c = try child.build()
        let top = ModuleBuilder("chain")
        let a = top.input("a", .uint(4))
        let u0 = top.instance(c, "u0")
        let u1 = top.instance(c, "u1")
        u0.input("i", as: HUInt.self).assign(a)
        u1.input("i", as: HUInt.self).assign(u0.output("o"))
        top.output("y", .uint(4)).assign(u1.output("o"))
        let v = VerilogEmitter().emit(try top.build())
        XCTAssertTrue(v.contains("module chain__inc ("), v)
        XCTAssertTrue(v.contains("chain__inc u1 ("), v)
        XCTAssertEqual(v.components(separatedBy: "module chain__inc").count, 2, "child emitted once")
    }

    func testSignedLiteralsAndExtension() throws {
        let m = ModuleBuilder("t")
        let a = m.input("a", .sint(8))
        let y = m.output("y", .sint(12))
        y.assign(a.resized(to: 12) &+ (-5))
        let v = VerilogEmitter().emit(try m.build())
        XCTAssertTrue(v.contains("assign y = $signed({{4{a[7]}}, a}) + (-12'sd5);"), v)
    }

    /// A generator called with different parameters gives different modules of one
    /// name; each gets its own Verilog name.
    func testPerInstanceParametersGiveDistinctModules() throws {
        func adder(_ w: Int) throws -> ModuleDef {
            let m = ModuleBuilder("adder")
            m.parameters = [("W", "\(w)")]
            m.output("s", .uint(w + 1)).assign(m.input("a", .uint(w)) + m.input("b", .uint(w)))
            return try m.build()
        }
        let top = ModuleBuilder("pair")
        let narrow = top.instance(try adder(4), "u_narrow")
        let wide = top.instance(try adder(9), "u_wide")
        for (u, w) in [(narrow, 4), (wide, 9)] {
            u.input("a", as: HUInt.self).assign(top.input("a\(w)", .uint(w)))
            u.input("b", as: HUInt.self).assign(top.input("b\(w)", .uint(w)))
            top.output("s\(w)", .uint(w + 1)).assign(u.output("s"))
        }
        let v = VerilogEmitter().emit(try top.build())
        XCTAssertTrue(v.contains("module pair__adder ("), v)
        XCTAssertTrue(v.contains("module pair__adder_1 ("), v)
        XCTAssertTrue(v.contains("// Parameters: W=9"), v)
        XCTAssertTrue(v.contains("pair__adder_1 u_wide ("), v)
    }

    /// Two elaborations of one generator with the same parameters print once.
    func testIdenticalChildrenAreEmittedOnce() throws {
        func inc() throws -> ModuleDef {
            let m = ModuleBuilder("inc")
            m.output("o", .uint(4)).assign(m.input("i", .uint(4)) &+ 1)
            return try m.build()
        }
        let top = ModuleBuilder("twice")
        let a = top.instance(try inc(), "u_a")
        let b = top.instance(try inc(), "u_b")
        a.input("i", as: HUInt.self).assign(top.input("x", .uint(4)))
        b.input("i", as: HUInt.self).assign(a.output("o"))
        top.output("y", .uint(4)).assign(b.output("o"))
        let v = VerilogEmitter().emit(try top.build())
        XCTAssertEqual(v.components(separatedBy: "module twice__inc").count, 2, v)
        XCTAssertFalse(v.contains("twice__inc_1"), v)
        XCTAssertTrue(v.contains("twice__inc u_b ("), v)
    }
}
