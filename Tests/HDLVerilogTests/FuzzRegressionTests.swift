import Foundation
import HDL
import HDLSim
import HDLVerilog
import XCTest

/// Regression tests for emitter bugs the differential fuzzer found. Each emitted
/// design must pass `verilator --lint-only -Wall` and `iverilog -g2005`.
final class FuzzRegressionTests: XCTestCase {
    func lintClean(_ m: ModuleDef, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let verilator = Toolchain.find("verilator"), let iverilog = Toolchain.find("iverilog") else {
            throw XCTSkip("verilator or iverilog not installed (make deps)")
        }
        let dir = NSTemporaryDirectory() + "kllm-regress-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/\(m.name).v"
        try VerilogEmitter().emit(m).write(toFile: path, atomically: true, encoding: .utf8)
        let v = try Toolchain.run(verilator, ["--lint-only", "-Wall", path], cwd: dir, log: "\(dir)/v.log")
        XCTAssertEqual(v, 0, (try? String(contentsOfFile: "\(dir)/v.log", encoding: .utf8)) ?? "", file: file, line: line)
        let i = try Toolchain.run(iverilog, ["-g2005", "-Wall", "-o", "\(dir)/a.out", path], cwd: dir, log: "\(dir)/i.log")
        let log = (try? String(contentsOfFile: "\(dir)/i.log", encoding: .utf8)) ?? ""
        XCTAssertEqual(i, 0, log, file: file, line: line)
        XCTAssertEqual(log, "", file: file, line: line)
    }

    /// A read past the end of a memory whose depth is not a power of two gives 0
    /// in the Verilog as in the IR simulator (Verilog alone would give X).
    func testReadPastTheEndOfAMemoryIsZero() throws {
        let m = ModuleBuilder("short_mem")
        let we = m.input("we", .bool)
        let wa = m.input("wa", .uint(2))
        let wd = m.input("wd", .uint(8))
        let ra = m.input("ra", .uint(2))
        let mem = m.memory("words", .uint(8), depth: 3)
        m.when(we) { mem.write(wa, wd) }
        m.output("q", .uint(8)).assign(mem.read(ra))
        m.output("q_last", .uint(8)).assign(mem.read(HUInt(2, width: 2)))
        let def = try m.build()
        let v = VerilogEmitter().emit(def)
        XCTAssertTrue(v.contains("assign q = (ra < 2'd3) ? words[ra] : 8'd0;"), v)
        XCTAssertTrue(v.contains("assign q_last = words[2'd2];"), v)
        try lintClean(def)
    }

    /// Fuzz seed 1000009: an instance output read by a `when` tree was declared `reg`,
    /// which Icarus rejects ("reg cannot be driven by primitives or continuous assignment").
    func testInstanceOutputsAreWires() throws {
        let child = ModuleBuilder("inc")
        child.output("o", .uint(4)).assign(child.input("i", .uint(4)) &+ 1)
        let def = try child.build()
        let m = ModuleBuilder("parent")
        let c = m.input("c", .bool)
        let a = m.input("a", .uint(4))
        let u = m.instance(def, "u0")
        u.input("i", as: HUInt.self).assign(a)
        let y = m.output("y", .uint(4))
        y.assign(a)
        m.when(c) { y.assign(u.output("o")) }
        let built = try m.build()
        XCTAssertTrue(VerilogEmitter().emit(built).contains("wire [3:0] u0_o;"))
        try lintClean(built)
    }

    /// Fuzz seed 1000010: a memory that is written but never read drew UNUSEDSIGNAL.
    func testWriteOnlyMemoryIsLintClean() throws {
        let m = ModuleBuilder("wo")
        let mem = m.memory("store", .uint(31), depth: 2)
        m.when(m.input("we", .bool)) { mem.write(m.input("addr", .uint(1)), m.input("data", .uint(31))) }
        m.output("y", .bool).assign(m.input("x", .bool))
        try lintClean(m.build())
    }

    /// Fuzz seed 1000012: `a - a` is a constant 0 to Verilator, so `(a - a) <= b`
    /// drew UNSIGNED ("comparison is constant"); the DSL folds such identities.
    func testSelfCancellingExpressionsFold() throws {
        let m = ModuleBuilder("fold")
        let a = m.input("a", .uint(15))
        let b = m.input("b", .uint(15))
        let y = m.output("y", .bool)
        let z = m.output("z", .uint(15))
        y.assign((a - a) .<= b)
        z.assign((a ^ a) | (b & b))
        let built = try m.build()
        let v = VerilogEmitter().emit(built)
        XCTAssertTrue(v.contains("assign y = 1'd1;"), v)
        XCTAssertTrue(v.contains("assign z = b;"), v)
        try lintClean(built)
    }

    /// Fuzz seed 4242013022: a 100-bit signed zero read as unsigned was not folded, so
    /// `x < 0` reached Verilator, which flagged it (UNSIGNED).
    func testWideConstantsFoldThroughReinterpret() throws {
        let m = ModuleBuilder("wide0")
        let a = m.input("a", .uint(100))
        let y = m.output("y", .bool)
        y.assign(a .< HSInt(0, width: 100).asUInt)
        let built = try m.build()
        XCTAssertTrue(VerilogEmitter().emit(built).contains("assign y = 1'd0;"))
        try lintClean(built)
    }

    /// Fuzz seed 777002346: `x > 1` on a 1-bit value is constant (CMPCONST); comparisons
    /// against either end of the operand's range fold, signed and unsigned.
    func testComparisonsAtRangeEndsFold() throws {
        let m = ModuleBuilder("ends")
        let u = m.input("u", .uint(1))
        let s = m.input("s", .sint(6))
        let y = m.output("y", .uint(6))
        y.assign(cat(u .> 1, u .<= 1, s .< HSInt(-32, width: 6), s .>= HSInt(-32, width: 6), s .> HSInt(31, width: 6), s .<= 31))
        let built = try m.build()
        XCTAssertTrue(VerilogEmitter().emit(built).contains("assign y = 6'd21;"), VerilogEmitter().emit(built))
        try lintClean(built)
    }

    /// Fuzz seed 777002625: conditional logic that reads nothing (constants under
    /// constant conditions) was an `always @*` with nothing to be sensitive to, which an
    /// event-driven simulator never runs (X forever). It is now a plain `assign`.
    func testConstantConditionalLogicIsAnAssign() throws {
        let m = ModuleBuilder("constw")
        let w = m.wire("w", .uint(4))
        w.assign(5)
        m.when(HBool(false)) { w.assign(3) }
        m.output("y", .uint(4)).assign(w)
        let built = try m.build()
        let v = VerilogEmitter().emit(built)
        XCTAssertTrue(v.contains("wire [3:0] w;"), v)
        XCTAssertTrue(v.contains("assign w = 4'd5;"), v)
        XCTAssertFalse(v.contains("always @*"), v)
    }

    /// Fuzz seed 2718008196: `0 >> n` is zero to Verilator, so comparing it drew
    /// UNSIGNED; shifts of zero (and by zero) now fold.
    func testShiftsOfZeroFold() throws {
        let m = ModuleBuilder("shz")
        let n = m.input("n", .uint(8))
        let b = m.input("b", .uint(15))
        let y = m.output("y", .bool)
        y.assign((HUInt(0, width: 15) >> n) .> b)
        let built = try m.build()
        XCTAssertTrue(VerilogEmitter().emit(built).contains("assign y = 1'd0;"), VerilogEmitter().emit(built))
        try lintClean(built)
    }
}
