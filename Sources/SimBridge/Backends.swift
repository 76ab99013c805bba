import Foundation
import HDL
import HDLCycleSim
import HDLSim
import Randomness

/// Which simulator runs an elaborated design: Verilator (the default) or the
/// built-in IR cycle simulator. `KLLM_SIM_BACKEND=ir` (or `verilator`) picks one
/// for every caller that asks `fromEnvironment`.
public enum SimBackend: String, Sendable, CaseIterable {
    case verilator
    case ir

    /// From `KLLM_SIM_BACKEND`, default Verilator.
    public static var fromEnvironment: SimBackend {
        ProcessInfo.processInfo.environment["KLLM_SIM_BACKEND"].flatMap(SimBackend.init(rawValue:)) ?? .verilator
    }

    /// A running simulation of `module`. On Verilator, registers and memories
    /// start at seeded random values (`stateSeed`), so a block that relies on
    /// zero-initialised state instead of its reset fails; the IR simulator starts
    /// them at zero. Both check the design's properties at every clock edge and
    /// hand each failure to `onPropertyFailure` (and keep it for `takePropertyFailures`).
    public func simulator(for module: ModuleDef, stateSeed: UInt64 = SeededRandom.testSeed(0x5eed),
                          onPropertyFailure: ((PropertyFailure) -> Void)? = nil) throws -> any SimulationBackend {
        let sim: any SimulationBackend
        switch self {
        case .verilator: sim = try Simulator(module: module, initialState: .random(seed: stateSeed))
        case .ir: sim = CycleSimulator(module: module)
        }
        sim.propertyFailureHandler = onPropertyFailure
        return sim
    }
}
