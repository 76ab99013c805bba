import Foundation
import HDL
import HDLCycleSim
import HDLSim
import Randomness
import XCTest

/// Which simulator runs a test: Verilator (the default) or the built-in IR
/// cycle simulator. `KLLM_SIM_BACKEND=ir` (or `verilator`) picks one for every
/// test that calls `makeSimulator`.
public enum SimBackend: String, Sendable, CaseIterable {
    case verilator
    case ir

    /// From `KLLM_SIM_BACKEND`, default Verilator.
    public static var fromEnvironment: SimBackend {
        ProcessInfo.processInfo.environment["KLLM_SIM_BACKEND"].flatMap(SimBackend.init(rawValue:)) ?? .verilator
    }
}

/// A running simulation of `module` on `backend`. On Verilator, registers and
/// memories start at seeded random values (`stateSeed`, from `$KLLM_SEED` by
/// default), so a block that relies on zero-initialised state instead of its
/// reset fails its tests; the IR simulator starts them at zero.
/// Both check the design's properties at every clock edge: a failed assertion
/// or assumption fails the calling test (at the line that made the simulator),
/// naming the property's message, its Swift file:line and the cycle.
public func makeSimulator(_ module: ModuleDef, backend: SimBackend = .fromEnvironment,
                          stateSeed: UInt64 = SeededRandom.testSeed(0x5eed),
                          file: StaticString = #filePath, line: UInt = #line) throws -> any SimulationBackend {
    let sim: any SimulationBackend
    switch backend {
    case .verilator: sim = try Simulator(module: module, initialState: .random(seed: stateSeed))
    case .ir: sim = CycleSimulator(module: module)
    }
    sim.propertyFailureHandler = { failure in XCTFail("\(module.name) on \(backend.rawValue): \(failure)", file: file, line: line) }
    return sim
}
