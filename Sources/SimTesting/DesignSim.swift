import HDL
import HDLCycleSim
import HDLSim
import HDLVerilog

extension ModelBuilder.Request {
    /// A build request for an elaborated DSL module: its Verilog and ports.
    public init(module: ModuleDef, trace: Bool = false) {
        self.init(top: module.name, verilog: VerilogEmitter().emit(module), ports: module.simPorts,
                  clock: module.clock?.name, trace: trace)
    }
}

extension Simulator {
    /// Builds (cached) and starts a simulation of an elaborated DSL module.
    public convenience init(module: ModuleDef, trace: Bool = false, initialState: InitialState = .zero) throws {
        try self.init(ModelBuilder.Request(module: module, trace: trace), initialState: initialState)
    }
}
