import HDL
import HDLSim
import SimTesting
import XCTest

/// Verilator models start their state at zero or at seeded random values, so a
/// flop that should be reset but is not shows up in tests.
final class InitialStateTests: XCTestCase {
    /// A pending flag toggled by `in_valid` whose reset was forgotten: the bug.
    private func forgottenReset() throws -> ModuleDef {
        let m = ModuleBuilder("forgotten_reset")
        let inValid = m.input("in_valid", .bool)
        let data = m.input("in_data", .uint(32))
        let pending = m.reg("pending_q", .bool)              // no reset
        let held = m.reg("data_q", .uint(32), reset: 0)
        pending.assign(pending ^ inValid)
        held.assign(data)
        m.output("out_valid", .bool).assign(pending)
        m.output("out_data", .uint(32)).assign(held)
        return try m.build()
    }

    /// (out_valid after a reset with no input, out_data before any clock).
    private func afterReset(_ def: ModuleDef, _ state: InitialState) throws -> (valid: UInt64, start: UInt64) {
        let sim = try Simulator(module: def, initialState: state)
        let start = try sim.peek("out_data")
        try sim.poke("in_valid", 0)
        try sim.poke("in_data", 0)
        try sim.reset()
        return (try sim.peek("out_valid"), start)
    }

    func testZeroStateHidesTheForgottenReset() throws {
        let def = try forgottenReset()
        XCTAssertEqual(try afterReset(def, .zero).valid, 0)
        XCTAssertEqual(try afterReset(def, .zero).start, 0)
    }

    func testRandomStateIsSeededAndExposesTheForgottenReset() throws {
        let def = try forgottenReset()
        let runs = try (1...8 as ClosedRange<UInt64>).map { try afterReset(def, .random(seed: $0)) }
        XCTAssertGreaterThan(Set(runs.map(\.start)).count, 4, "start values differ between seeds: \(runs)")
        XCTAssertTrue(runs.contains { $0.valid == 1 }, "some seed leaves out_valid high after reset: \(runs)")
        for seed in [UInt64(3), 5] {
            let a = try afterReset(def, .random(seed: seed)), b = try afterReset(def, .random(seed: seed))
            XCTAssertEqual(a.start, b.start, "the same seed gives the same start state")
            XCTAssertEqual(a.valid, b.valid)
        }
    }
}
