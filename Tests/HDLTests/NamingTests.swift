import HDL
import HDLVerilog
import XCTest

/// Names: keywords and odd characters are renamed deterministically; internal
/// collisions get suffixes; everything stays readable in the Verilog.
final class NamingTests: XCTestCase {
    func testKeywordsAndOddCharactersAreRenamed() throws {
        let m = ModuleBuilder("t")
        let a = m.input("input", .uint(4))
        let y = m.output("reg", .uint(4))
        let w = m.node("logic", a &+ 1)
        let z = m.node("my wire-2", w)
        let d = m.node("3d", z)
        y.assign(d)
        let def = try m.build()
        // The IR's names are identifier-safe for any language; keywords are the Verilog back end's business.
        XCTAssertEqual(def.ports.map(\.name), ["input", "reg"])
        XCTAssertEqual(def.signals.map(\.name), ["logic", "my_wire_2", "_3d"])
        let v = VerilogEmitter().emit(def)
        XCTAssertTrue(v.contains("input  wire [3:0] input_,"), v)
        XCTAssertTrue(v.contains("assign reg_ = _3d;"), v)
        XCTAssertTrue(v.contains("assign logic_ = input_ + 4'd1;"), v)
        XCTAssertEqual(VerilogEmitter.portNames(of: def), ["input_", "reg_"])
    }

    func testAKeywordEscapeAvoidsNamesAlreadyTaken() throws {
        let m = ModuleBuilder("t")
        let a = m.input("reg", .uint(4))
        let b = m.input("reg_", .uint(4))
        m.output("y", .uint(4)).assign(a ^ b)
        let v = VerilogEmitter().emit(try m.build())
        XCTAssertTrue(v.contains("input  wire [3:0] reg_1,"), v)
        XCTAssertTrue(v.contains("input  wire [3:0] reg_,"), v)
        XCTAssertTrue(v.contains("assign y = reg_1 ^ reg_;"), v)
    }

    func testKeywordModuleNameIsEscapedInTheVerilog() throws {
        let m = ModuleBuilder("module")
        m.output("y", .bool).assign(true)
        let def = try m.build()
        XCTAssertEqual(VerilogEmitter.moduleName(of: def), "module_")
        XCTAssertTrue(VerilogEmitter().emit(def).contains("module module_ ("))
    }

    func testInternalCollisionsGetStableSuffixes() throws {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(4))
        let y = m.output("y", .uint(4))
        let s1 = m.node("sum", a &+ 1)
        let s2 = m.node("sum", s1 &+ 2)
        let s3 = m.node("a", s2)
        y.assign(s3)
        let def = try m.build()
        XCTAssertEqual(def.signals.map(\.name), ["sum", "sum_1", "a_1"])
    }

    /// A stage a parameter switches keeps its name: a register when on, a wire when off.
    func testASwitchedStageKeepsItsNameEitherWay() throws {
        for registered in [false, true] {
            let m = ModuleBuilder("t")
            let a = m.input("a", .uint(4))
            m.output("y", .uint(4)).assign(m.stage("a_q", a &+ 1, registered: registered, reset: 0))
            let def = try m.build()
            XCTAssertEqual(def.signals.map(\.name), ["a_q"])
            let v = VerilogEmitter().emit(def)
            XCTAssertEqual(v.contains("reg  [3:0] a_q;"), registered, v)
            XCTAssertEqual(v.contains("wire [3:0] a_q"), !registered, v)
        }
    }

    /// A delay line names its stages `name`, `name`2, ... (or continues from `first`); 0 stages is none.
    func testADelayLineNamesItsStages() throws {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(4))
        XCTAssertTrue(m.delayLine("a_d", a, cycles: 0).isEmpty)
        let line = m.delayLine("a_d", a, cycles: 3)
        let more = m.delayLine("a_q", line[2], cycles: 2, from: 2, reset: 0)
        m.output("y", .uint(4)).assign(more.last!)
        let def = try m.build()
        XCTAssertEqual(def.signals.map(\.name), ["a_d", "a_d2", "a_d3", "a_q2", "a_q3"])
        let v = VerilogEmitter().emit(def)
        XCTAssertTrue(v.contains("a_d2 <= a_d;"), v)
        XCTAssertTrue(v.contains("a_q2 <= a_d3;"), v)
        XCTAssertTrue(v.contains("assign y = a_q3;"), v)
    }

    func testIllegalModuleNameIsAnError() {
        for bad in ["my top", "3way", "a-b"] {
            let line = #line; let m = ModuleBuilder(bad)
            m.output("y", .bool).assign(true)
            XCTAssertThrowsError(try m.build()) { e in
                let d = (e as? ElaborationError)?.diagnostics.first
                XCTAssertEqual(d?.kind, .illegalName)
                XCTAssertEqual(d?.loc, SourceLoc(fileName: "HDLTests/NamingTests.swift", line: line))
                XCTAssertTrue(d?.message.hasPrefix("module name '\(bad)' is not a legal identifier") ?? false, "\(String(describing: d))")
            }
        }
    }
}
