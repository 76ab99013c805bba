import HDL
import HDLCycleSim
import HDLSim
import HDLVerilog

extension ModelBuilder.Request {
    /// A build request for an elaborated DSL module: its Verilog and ports.
    public init(module: ModuleDef, trace: Bool = false) {
        let verilogNames = VerilogEmitter.portNames(of: module)
        let ports = zip(module.simPorts, verilogNames).map { SimPort($0.name, width: $0.width, direction: $0.direction, modelName: $1) }
        let clock = module.clock.flatMap { c in module.ports.firstIndex { $0 === c } }.map { verilogNames[$0] }
        self.init(top: VerilogEmitter.moduleName(of: module), verilog: VerilogEmitter().emit(module), ports: ports,
                  clock: clock, trace: trace, checkProperties: module.hierarchy.contains { !$0.properties.isEmpty })
    }
}

extension Simulator {
    /// Builds (cached) and starts a simulation of an elaborated DSL module.
    public convenience init(module: ModuleDef, trace: Bool = false, initialState: InitialState = .zero) throws {
        try self.init(ModelBuilder.Request(module: module, trace: trace), initialState: initialState)
    }
}
