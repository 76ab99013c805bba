import Foundation
import HDL
import HDLCycleSim
import HDLSim

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

/// A running simulation of `module` on `backend`.
public func makeSimulator(_ module: ModuleDef, backend: SimBackend = .fromEnvironment) throws -> any SimulationBackend {
    switch backend {
    case .verilator: return try Simulator(module: module)
    case .ir: return CycleSimulator(module: module)
    }
}
