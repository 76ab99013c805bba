import Foundation
import HDL
import HDLCycleSim
import HDLSim
import HDLVerilog
import SimTesting
import XCTest

/// Assertions, assumptions and covers: stated in the DSL, kept out of the
/// synthesizable Verilog, checked every cycle by both simulators with the same
/// verdicts, and named by their Swift file:line when they fail.
final class PropertyTests: XCTestCase {
    /// A counter that should saturate at 9; with `bug` it counts past it.
    /// Returns the module and the line of its `count <= 9` assertion.
    static func saturating(bug: Bool, properties: Bool = true) throws -> (ModuleDef, Int) {
        let m = ModuleBuilder("sat_counter")
        let en = m.input("en", .bool)
        let out = m.output("count", .uint(4))
        let count = m.reg("value", .uint(4), reset: 0)
        m.when(en & (bug ? HBool(true) : count .< 9)) { count.assign(count &+ 1) }
        out.assign(count)
        let line = #line + 2
        if properties {
            m.assert(count .<= 9, "the count saturates at 9")
            m.when(!m.past(en)) { m.assert(count .== m.past(count), "the count holds without en") }
            m.cover(count .== 9, "the count reaches 9")
        }
        return (try m.build(), line)
    }

    func testEmittedInsideIfdefFormalOnly() throws {
        let (with, line) = try Self.saturating(bug: false)
        let (without, _) = try Self.saturating(bug: false, properties: false)
        let text = VerilogEmitter().emit(with)
        let plain = VerilogEmitter().emit(without)
        XCTAssertTrue(text.contains("assert (value <= 4'd9);  // the count saturates at 9 (HDLSimTests/PropertyTests.swift:\(line))"), text)
        XCTAssertTrue(text.contains("cover (value == 4'd9);"), text)
        // Outside the FORMAL region the module is the design without properties.
        let outside = text.replacingOccurrences(of: #"`ifdef FORMAL[\s\S]*`endif  // FORMAL\n"#, with: "", options: .regularExpression)
        XCTAssertEqual(outside, plain)
        XCTAssertFalse(text.contains("initial"))
    }

    func testBothSimulatorsReportTheSameFailure() throws {
        for bug in [false, true] {
            let (m, line) = try Self.saturating(bug: bug)
            var verdicts: [[PropertyFailure]] = []
            for backend in SimBackend.allCases {
                let sim: any SimulationBackend = backend == .ir ? CycleSimulator(module: m) : try Simulator(module: m)
                try sim.poke("en", 1)
                try sim.reset()
                sim.step(12)
                try sim.poke("en", 0)
                sim.step(3)
                verdicts.append(sim.takePropertyFailures())
                if let ir = sim as? CycleSimulator {
                    XCTAssertEqual(ir.coverCounts["the count reaches 9 (HDLSimTests/PropertyTests.swift:\(line + 2))"], bug ? 1 : 6)
                }
            }
            XCTAssertEqual(verdicts[0], verdicts[1], "Verilator and the IR simulator disagree")
            // Cycle 0 is the reset edge; edge k sees the count k - 1, 10 first at edge 11; it stays
            // above 9 (12) after en drops at edge 13.
            let label = "the count saturates at 9 (HDLSimTests/PropertyTests.swift:\(line))"
            let expected = bug ? (11...15).map { PropertyFailure(cycle: UInt64($0), property: label) } : []
            XCTAssertEqual(verdicts[0], expected)
        }
    }

    func testFailureHandlerSeesEachFailureAsItHappens() throws {
        let (m, _) = try Self.saturating(bug: true)
        let sim = CycleSimulator(module: m)
        var seen: [UInt64] = []
        sim.propertyFailureHandler = { seen.append($0.cycle) }
        try sim.poke("en", 1)
        try sim.reset()
        sim.step(13)
        XCTAssertEqual(seen, [11, 12, 13])
    }

    func testDesignLogicCannotReadPast() {
        let m = ModuleBuilder("bad_past")
        let a = m.input("a", .bool)
        let y = m.output("y", .bool)
        let r = m.reg("r", .bool, reset: 0)
        r.assign(a)
        y.assign(m.past(r))
        XCTAssertThrowsError(try m.build()) { error in
            XCTAssertTrue("\(error)".contains("a register of the properties (past, propertyReg) that exists only for properties"), "\(error)")
            XCTAssertTrue("\(error)".contains("PropertyTests.swift:"), "\(error)")
        }
    }

    /// Lint-clean with and without FORMAL, and yosys reads the properties.
    func testToolsReadTheProperties() throws {
        guard let verilator = Toolchain.find("verilator"), let yosys = Toolchain.find("yosys") else {
            throw XCTSkip("verilator or yosys not installed (make deps)")
        }
        let dir = NSTemporaryDirectory() + "kllm-props-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/sat_counter.v"
        try VerilogEmitter().emit(try Self.saturating(bug: false).0).write(toFile: path, atomically: true, encoding: .utf8)
        for extra in [[], ["-DFORMAL", "--assert"]] {
            let status = try Toolchain.run(verilator, ["--lint-only", "-Wall"] + extra + [path], cwd: dir, log: "\(dir)/v.log")
            XCTAssertEqual(status, 0, (try? String(contentsOfFile: "\(dir)/v.log", encoding: .utf8)) ?? "")
        }
        let status = try Toolchain.run(yosys, ["-q", "-p", "read_verilog -formal \(path); prep -top sat_counter; select -assert-count 2 t:$assert; select -assert-count 1 t:$cover"],
                                       cwd: dir, log: "\(dir)/y.log")
        XCTAssertEqual(status, 0, (try? String(contentsOfFile: "\(dir)/y.log", encoding: .utf8)) ?? "")
    }
}
