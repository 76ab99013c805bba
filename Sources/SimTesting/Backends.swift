import Foundation
import HDL
import HDLCycleSim
import HDLSim
import Randomness

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
public func makeSimulator(_ module: ModuleDef, backend: SimBackend = .fromEnvironment,
                          stateSeed: UInt64 = SeededRandom.testSeed(0x5eed)) throws -> any SimulationBackend {
    switch backend {
    case .verilator: return try Simulator(module: module, initialState: .random(seed: stateSeed))
    case .ir: return CycleSimulator(module: module)
    }
}
